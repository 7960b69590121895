pragma solidity 0.4.24;

contract TimeLock {
    mapping(address => uint) public balances;
    mapping(address => uint) public lockTime;

    function deposit() public payable {
        balances[msg.sender] += msg.value;
        lockTime[msg.sender] = now + 1 weeks;
    }

    function increaseLockTime(uint secondsToIncrease) public {
        lockTime[msg.sender] += secondsToIncrease; // expect: integer-overflow
    }

    function withdraw() public {
        require(now > lockTime[msg.sender]); // expect: timestamp-dependence
        uint amount = balances[msg.sender];
        balances[msg.sender] = 0;
        msg.sender.transfer(amount);
    }
}

contract BasicToken {
    mapping(address => uint256) public balanceOf;

    function transfer(address to, uint256 value) public returns (bool) { // expect: short-address
        require(balanceOf[msg.sender] - value >= 0); // expect: integer-overflow
        balanceOf[msg.sender] -= value; // expect: integer-overflow
        balanceOf[to] += value;
        return true;
    }
}

contract BatchToken {
    mapping(address => uint256) public balances;

    function batchTransfer(address[] receivers, uint256 value) public returns (bool) {
        uint256 amount = receivers.length * value; // expect: integer-overflow
        require(balances[msg.sender] >= amount);
        balances[msg.sender] -= amount;
        for (uint i = 0; i < receivers.length; i++) {
            balances[receivers[i]] += value;
        }
        return true;
    }
}

contract Counter {
    uint8 public count;

    function add(uint8 step) public {
        count = count + step; // expect: integer-overflow
    }
}
