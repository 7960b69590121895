pragma solidity 0.4.24;

library SafeMath {
    function add(uint256 a, uint256 b) internal pure returns (uint256) {
        uint256 c = a + b;
        assert(c >= a);
        return c;
    }
    function sub(uint256 a, uint256 b) internal pure returns (uint256) {
        assert(b <= a);
        return a - b;
    }
    function mul(uint256 a, uint256 b) internal pure returns (uint256) {
        if (a == 0) return 0;
        uint256 c = a * b;
        assert(c / a == b);
        return c;
    }
}

contract TimeLockSafe {
    using SafeMath for uint;
    mapping(address => uint) public lockTime;

    function increaseLockTime(uint secondsToIncrease) public {
        lockTime[msg.sender] = lockTime[msg.sender].add(secondsToIncrease);
    }
}

contract BasicTokenSafe {
    mapping(address => uint256) public balanceOf;

    function transfer(address to, uint256 value) public returns (bool) { // expect: short-address
        require(balanceOf[msg.sender] >= value);
        require(balanceOf[to] + value >= balanceOf[to]);
        balanceOf[msg.sender] -= value;
        balanceOf[to] += value;
        return true;
    }
}

contract BatchTokenSafe {
    using SafeMath for uint256;
    mapping(address => uint256) public balances;

    function batchTransfer(address[] receivers, uint256 value) public returns (bool) {
        uint256 amount = value.mul(receivers.length);
        balances[msg.sender] = balances[msg.sender].sub(amount);
        for (uint i = 0; i < receivers.length; i++) {
            balances[receivers[i]] = balances[receivers[i]].add(value);
        }
        return true;
    }
}

contract CounterSafe {
    uint8 public count;

    function add(uint8 step) public {
        require(count + step >= count);
        count = count + step;
    }
}
