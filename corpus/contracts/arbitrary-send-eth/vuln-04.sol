pragma solidity 0.4.24;

contract Splitter {
    address public owner = msg.sender;

    function () public payable {}

    function payOut(address to, uint amount) public {
        to.transfer(amount); // expect: arbitrary-send-eth
    }
}

contract Refunder {
    uint public refundAmount = 1 ether;

    function deposit() public payable {}

    function refund(address customer) public {
        require(customer.send(refundAmount)); // expect: arbitrary-send-eth
    }
}

contract Relay {
    function () public payable {}

    function relay(address[] recipients, uint each) public {
        for (uint i = 0; i < recipients.length; i++) {
            recipients[i].transfer(each); // expect: arbitrary-send-eth, dos-call-in-loop
        }
    }
}
