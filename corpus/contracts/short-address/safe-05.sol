pragma solidity 0.5.17;

contract ModernToken {
    mapping(address => uint) public balances;

    function transfer(address to, uint amount) public returns (bool) {
        require(balances[msg.sender] >= amount);
        balances[msg.sender] -= amount;
        balances[to] += amount;
        return true;
    }
}

contract ModernGifts {
    mapping(address => uint) public credit;

    function payTo(address who, uint value) public {
        require(credit[msg.sender] >= value);
        credit[msg.sender] -= value;
        credit[who] += value;
    }
}
