pragma solidity ^0.4.16;

contract HandRolledToken {
    mapping (address => uint256) public balanceOf;
    uint256 public totalSupply;
    address public owner;

    function HandRolledToken(uint256 supply) public {
        owner = msg.sender;
        totalSupply = supply;
        balanceOf[msg.sender] = supply;
    }

    // the subtraction inside the require wraps before it is compared, so the check always passes
    function transfer(address _to, uint256 _value) public returns (bool) { // expect: short-address
        require(balanceOf[msg.sender] - _value >= 0);
        balanceOf[msg.sender] -= _value; // expect: integer-overflow
        balanceOf[_to] += _value;
        return true;
    }

    function batchTransfer(address[] _receivers, uint256 _value) public returns (bool) {
        uint cnt = _receivers.length;
        uint256 amount = uint256(cnt) * _value; // expect: integer-overflow
        require(cnt > 0 && cnt <= 20);
        require(_value > 0 && balanceOf[msg.sender] >= amount);
        balanceOf[msg.sender] -= amount;
        for (uint i = 0; i < cnt; i++) {
            balanceOf[_receivers[i]] += _value;
        }
        return true;
    }
}

contract Counter {
    uint256 public count = 1;

    // the result is never stored, yet the operation wraps on caller input
    function decrease(uint256 input) public {
        uint256 res = count - input; // expect: integer-overflow
    }

    function increase(uint256 input) public {
        count += input; // expect: integer-overflow
    }

    function square(uint256 input) public {
        uint256 sq = input * input; // expect: integer-overflow
    }
}

contract TimeLock {
    mapping(address => uint) public balances;
    mapping(address => uint) public lockTime;

    function deposit() public payable {
        balances[msg.sender] += msg.value;
        lockTime[msg.sender] = now + 1 weeks;
    }

    function increaseLockTime(uint _secondsToIncrease) public {
        lockTime[msg.sender] += _secondsToIncrease; // expect: integer-overflow
    }

    function withdraw() public {
        require(balances[msg.sender] > 0);
        require(now > lockTime[msg.sender]); // expect: timestamp-dependence
        uint transferValue = balances[msg.sender];
        balances[msg.sender] = 0;
        msg.sender.transfer(transferValue);
    }
}
