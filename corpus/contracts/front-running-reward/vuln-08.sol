// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

contract Exchange {
    uint256 public price = 1 ether;
    address public owner = msg.sender;
    mapping(address => uint256) public stock;

    function setPrice(uint256 p) external {
        require(msg.sender == owner);
        price = p;
    }

    function sell(uint256 units) external {
        require(stock[msg.sender] >= units);
        stock[msg.sender] -= units;
        payable(msg.sender).transfer(units * price); // expect: front-running-reward
    }
}

contract Rebate {
    uint256 public rebate = 0.01 ether;
    address public admin = msg.sender;
    mapping(address => bool) public done;

    function updateRebate(uint256 r) external {
        require(msg.sender == admin);
        rebate = r;
    }

    function claim() external {
        require(!done[msg.sender]);
        done[msg.sender] = true;
        (bool ok, ) = msg.sender.call{value: rebate}(""); // expect: front-running-reward
        require(ok);
    }
}

contract Quiz {
    uint256 public prize;
    address public host = msg.sender;
    bool public open = true;

    function fund() external payable { require(msg.sender == host); prize += msg.value; }

    function answer(uint256 a) external {
        require(open && a * a == 1764); // expect: missing-commit-reveal
        open = false;
        payable(msg.sender).transfer(prize); // expect: front-running-reward
    }
}
