pragma solidity ^0.5.8;

contract TokenSale {
    mapping(address => uint256) public balanceOf;
    uint256 constant PRICE_PER_TOKEN = 1 ether;

    function buy(uint256 numTokens) public payable {
        require(msg.value == numTokens * PRICE_PER_TOKEN); // expect: integer-overflow
        balanceOf[msg.sender] += numTokens;
    }

    function sell(uint256 numTokens) public {
        require(balanceOf[msg.sender] >= numTokens);
        balanceOf[msg.sender] -= numTokens;
        msg.sender.transfer(numTokens * PRICE_PER_TOKEN);
    }
}

library SafeMath {
    function add(uint256 a, uint256 b) internal pure returns (uint256) {
        uint256 c = a + b;
        require(c >= a, "add");
        return c;
    }

    function sub(uint256 a, uint256 b) internal pure returns (uint256) {
        require(b <= a, "sub");
        return a - b;
    }

    function mul(uint256 a, uint256 b) internal pure returns (uint256) {
        if (a == 0) return 0;
        uint256 c = a * b;
        require(c / a == b, "mul");
        return c;
    }
}

contract SafeSale {
    using SafeMath for uint256;
    mapping(address => uint256) public balanceOf;
    uint256 constant PRICE_PER_TOKEN = 1 ether;

    function buy(uint256 numTokens) public payable {
        require(msg.value == numTokens.mul(PRICE_PER_TOKEN));
        balanceOf[msg.sender] = balanceOf[msg.sender].add(numTokens);
    }

    function sell(uint256 numTokens) public {
        balanceOf[msg.sender] = balanceOf[msg.sender].sub(numTokens);
        msg.sender.transfer(numTokens.mul(PRICE_PER_TOKEN));
    }
}

contract MixedSafety {
    using SafeMath for uint256;
    mapping(address => uint256) public credits;

    // SafeMath is imported, but this line does not use it
    function grant(address to, uint256 amount, uint256 bonus) public {
        credits[to] = credits[to].add(amount);
        credits[to] += bonus; // expect: integer-overflow
    }
}
