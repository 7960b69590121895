pragma solidity 0.4.24;

contract PayloadChecked {
    modifier onlyPayloadSize(uint size) {
        require(msg.data.length >= size + 4);
        _;
    }
}

contract TokenChecked is PayloadChecked {
    mapping(address => uint) public balances;

    function transfer(address to, uint amount) public onlyPayloadSize(2 * 32) returns (bool) {
        require(balances[msg.sender] >= amount);
        balances[msg.sender] -= amount;
        balances[to] += amount;
        return true;
    }
}

contract CoinChecked {
    mapping(address => uint) balanceOf;

    function sendCoin(address receiver, uint amount) public returns (bool) {
        require(msg.data.length == 68);
        require(balanceOf[msg.sender] >= amount);
        balanceOf[msg.sender] -= amount;
        balanceOf[receiver] += amount;
        return true;
    }
}

contract Counter {
    mapping(address => uint) public hits;

    function hit(uint times) public {
        hits[msg.sender] += times; // expect: integer-overflow
    }
}
