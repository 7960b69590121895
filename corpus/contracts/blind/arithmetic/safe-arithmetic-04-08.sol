pragma solidity ^0.4.24;

contract CheckedCounter {
    uint256 public count = 100;
    uint256 public constant CAP = 1000000;

    function decrease(uint256 input) public {
        require(input <= count);
        uint256 res = count - input;
        count = res;
    }

    function increase(uint256 input) public {
        require(input <= CAP && count + input >= count);
        count += input;
    }

    function scaled(uint256 input) public view returns (uint256) {
        return input * 1000;
    }
}

contract Wallet { // expect: locked-ether
    mapping(address => uint256) public balances;

    function deposit() public payable {
        balances[msg.sender] += msg.value;
    }

    function send(address to, uint256 amount) public { // expect: short-address
        require(balances[msg.sender] >= amount);
        balances[msg.sender] -= amount;
        balances[to] += amount;
    }
}

contract Chunked {
    uint256[] public items;

    function addSome(uint256 value, uint256 count) public {
        require(count <= 10);
        for (uint256 i = 0; i < count; i++) {
            items.push(value);
        }
    }

    function sumFirst(uint256 n) public view returns (uint256 s) {
        for (uint256 i = 0; i < n && i < items.length; i++) {
            s += items[i];
        }
    }
}
