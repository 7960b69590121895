pragma solidity ^0.4.24;

contract OwnedLib {
    address public owner;

    function initOwner() public { // expect: unprotected-initializer
        owner = msg.sender;
    }

    function withdraw(uint256 amount) public {
        require(msg.sender == owner);
        msg.sender.transfer(amount);
    }
}

contract OwnedProxy {
    address public ownedLib = 0x1111111111111111111111111111111111111111;
    address public owner;

    function() public payable {
        require(ownedLib.delegatecall(msg.data)); // expect: delegatecall-forwarding
    }
}

contract KillLibrary {
    function destroy(address to) public { // expect: unprotected-selfdestruct
        selfdestruct(to);
    }
}

contract Holder {
    KillLibrary public killLibrary;

    constructor(KillLibrary k) public {
        killLibrary = k;
    }

    function forward(bytes payload) public {
        require(address(killLibrary).delegatecall(payload)); // expect: delegatecall-forwarding
    }
}

contract AdminLib {
    address public admin;

    function setAdmin(address a) public { // expect: unprotected-owner-change
        admin = a;
    }

    function sweep() public {
        require(msg.sender == admin);
        msg.sender.transfer(address(this).balance);
    }
}

contract AdminRouter {
    address constant adminLib = 0x2222222222222222222222222222222222222222;
    address public admin;

    function() public payable {
        if (msg.data.length > 0) require(adminLib.delegatecall(msg.data)); // expect: delegatecall-forwarding
    }
}
