pragma solidity 0.4.24;

contract SplitterOwned {
    address public owner = msg.sender;

    function () public payable {}

    function payOut(address to, uint amount) public {
        require(msg.sender == owner);
        to.transfer(amount);
    }
}

contract RefunderLedger {
    mapping(address => uint) public paid;

    function deposit() public payable { paid[msg.sender] += msg.value; }

    function refundTo(address receiver) public {
        uint amount = paid[msg.sender];
        paid[msg.sender] = 0;
        receiver.transfer(amount);
    }
}

contract RelayPaid {
    function relay(address[] recipients) public payable {
        require(recipients.length > 0);
        uint each = msg.value / recipients.length;
        for (uint i = 0; i < recipients.length; i++) {
            require(msg.sender != recipients[i]);
        }
        recipients[0].transfer(each);
    }
}
