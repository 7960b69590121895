pragma solidity ^0.4.18;

contract Crowdfund {
    address public owner;
    uint public price = 1000;
    uint public sold;
    uint public cap = 1000000 ether;
    mapping(address => uint) public tokens;
    mapping(address => uint) public paid;

    function Crowdfund() public {
        owner = msg.sender;
    }

    function buy() public payable {
        uint amount = msg.value * price;
        require(sold + amount <= cap);
        sold += amount;
        tokens[msg.sender] += amount;
        paid[msg.sender] += msg.value;
    }

    function transferTokens(address to, uint amount) public { // expect: short-address
        require(tokens[msg.sender] >= amount);
        tokens[msg.sender] -= amount;
        tokens[to] += amount;
    }

    function refund(uint amount) public {
        require(paid[msg.sender] >= amount);
        paid[msg.sender] -= amount;
        tokens[msg.sender] -= amount * price; // expect: integer-overflow
        msg.sender.transfer(amount);
    }

    function extendCap(uint extra) public {
        require(msg.sender == owner);
        cap += extra;
    }

    function collect() public {
        require(msg.sender == owner);
        owner.transfer(this.balance);
    }
}

contract Airdrop {
    address[] public receivers;

    function() public payable {}

    function register(uint count) public {
        for (uint i = 0; i < count; i++) { // expect: dos-unbounded-loop
            receivers.push(msg.sender);
        }
    }

    function payAll() public {
        for (uint i = 0; i < receivers.length; i++) { // expect: dos-unbounded-loop
            receivers[i].send(1 finney); // expect: dos-call-in-loop, unchecked-lowlevel
        }
    }
}
