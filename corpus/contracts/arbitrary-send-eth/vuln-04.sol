pragma solidity 0.4.24;

contract Splitter {
    address public owner = msg.sender;

    function () public payable {}

    function payOut(address to, uint amount) public { // expect: arbitrary-send-eth
        to.transfer(amount);
    }
}

contract Refunder {
    uint public refundAmount = 1 ether;

    function deposit() public payable {}

    function refund(address customer) public { // expect: arbitrary-send-eth
        require(customer.send(refundAmount));
    }
}

contract Relay {
    function () public payable {}

    function relay(address[] recipients, uint each) public { // expect: arbitrary-send-eth
        for (uint i = 0; i < recipients.length; i++) {
            recipients[i].transfer(each); // expect: dos-call-in-loop
        }
    }
}
