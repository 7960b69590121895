pragma solidity 0.4.24;

contract Token {
    mapping(address => uint) public balances;

    function Token() public { balances[msg.sender] = 1000000; }

    function transfer(address to, uint amount) public returns (bool) { // expect: short-address
        if (balances[msg.sender] < amount) return false;
        balances[msg.sender] -= amount;
        balances[to] += amount;
        return true;
    }
}

contract Coin {
    mapping(address => uint) balanceOf;

    function sendCoin(address receiver, uint amount) public returns (bool sufficient) { // expect: short-address
        require(balanceOf[msg.sender] >= amount);
        balanceOf[msg.sender] -= amount;
        balanceOf[receiver] += amount;
        return true;
    }
}

contract Gifts {
    mapping(address => uint) public credit;

    function payTo(address who, uint value) public { // expect: short-address
        require(credit[msg.sender] >= value);
        credit[msg.sender] -= value;
        credit[who] += value;
    }
}

contract Allowances {
    mapping(address => uint) public balances;
    mapping(address => mapping(address => uint)) public allowed;

    function transferFrom(address from, address to, uint value) public { // expect: short-address
        require(allowed[from][msg.sender] >= value && balances[from] >= value);
        allowed[from][msg.sender] -= value;
        balances[from] -= value;
        balances[to] += value;
    }
}

contract Withdrawals {
    mapping(address => uint) public owed;

    function withdrawTo(address dest, uint amount) public { // expect: short-address
        require(owed[msg.sender] >= amount);
        owed[msg.sender] -= amount;
        dest.transfer(amount);
    }
}
