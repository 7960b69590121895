pragma solidity 0.4.24;

contract Refunds {
    address[] public refundAddresses;
    mapping(address => uint) public refunds;
    address public owner = msg.sender;

    function add(address a) public payable {
        require(msg.sender == owner);
        refundAddresses.push(a);
        refunds[a] = msg.value;
    }

    function refundAll() public {
        require(msg.sender == owner);
        for (uint x = 0; x < refundAddresses.length; x++) {
            require(refundAddresses[x].send(refunds[refundAddresses[x]])); // expect: dos-call-in-loop
        }
    }
}

contract Dividends {
    address[] public holders;
    address public owner = msg.sender;

    function addHolder(address h) public {
        require(msg.sender == owner);
        holders.push(h);
    }

    function () public payable {}

    function distribute() public {
        require(msg.sender == owner);
        uint share = this.balance / holders.length;
        for (uint i = 0; i < holders.length; i++) {
            holders[i].transfer(share); // expect: dos-call-in-loop
        }
    }
}
