pragma solidity 0.4.25;

contract LottoChecked {
    address public winner;
    uint public prize;
    bool public paid;

    function payWinner() public {
        require(!paid);
        paid = true;
        require(winner.send(prize));
    }
}

contract ForwarderChecked {
    address public owner = msg.sender;

    function forward(address target, bytes data) public payable {
        require(msg.sender == owner);
        require(target.call.value(msg.value)(data));
    }
}

contract ProxyishChecked {
    address public lib;
    address public owner = msg.sender;

    function setLib(address l) public {
        require(msg.sender == owner);
        lib = l;
    }

    function run() public {
        require(msg.sender == owner);
        if (!lib.delegatecall(bytes4(keccak256("run()")))) revert();
    }
}
