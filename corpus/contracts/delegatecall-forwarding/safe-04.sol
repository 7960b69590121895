pragma solidity ^0.4.24;

contract GuardedLib {
    address public owner;

    function initOwner() public {
        require(owner == address(0));
        owner = msg.sender;
    }

    function withdraw(uint256 amount) public {
        require(msg.sender == owner);
        msg.sender.transfer(amount);
    }
}

contract GuardedProxy {
    address public guardedLib = 0x1111111111111111111111111111111111111111;
    address public owner;

    function() public payable {
        require(guardedLib.delegatecall(msg.data));
    }
}

// The forwarder is owner-only.
contract OwnerForwarder {
    address public owner = msg.sender;
    address public lib;

    function forward(bytes payload) public {
        require(msg.sender == owner);
        require(lib.delegatecall(payload));
    }
}

// Forwarding to code outside the file: nothing is known about it.
contract ExternalProxy {
    address public implementation;

    function() public payable {
        require(implementation.delegatecall(msg.data));
    }
}
