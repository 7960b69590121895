pragma solidity 0.4.25;

contract Lotto {
    address public winner;
    uint public prize;
    bool public paid;

    function payWinner() public {
        require(!paid);
        winner.send(prize); // expect: unchecked-lowlevel
        paid = true;
    }
}

contract Forwarder {
    address public owner = msg.sender;

    function forward(address target, bytes data) public payable {
        require(msg.sender == owner);
        target.call.value(msg.value)(data); // expect: unchecked-lowlevel
    }
}

contract Proxyish {
    address public lib;
    address public owner = msg.sender;

    function setLib(address l) public {
        require(msg.sender == owner);
        lib = l;
    }

    function run() public {
        require(msg.sender == owner);
        lib.delegatecall(bytes4(keccak256("run()"))); // expect: unchecked-lowlevel
    }
}
