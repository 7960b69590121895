// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

contract ExchangeSlippage {
    uint256 public price = 1 ether;
    address public owner = msg.sender;
    mapping(address => uint256) public stock;

    function setPrice(uint256 p) external {
        require(msg.sender == owner);
        price = p;
    }

    function sell(uint256 units, uint256 minPrice) external {
        require(stock[msg.sender] >= units);
        uint256 p = price;
        require(p >= minPrice, "slippage");
        stock[msg.sender] -= units;
        payable(msg.sender).transfer(units * minPrice);
    }
}

contract RebateFixed {
    uint256 public immutable rebate = 0.01 ether;
    mapping(address => bool) public done;

    function claim() external {
        require(!done[msg.sender]);
        done[msg.sender] = true;
        (bool ok, ) = msg.sender.call{value: rebate}("");
        require(ok);
    }
}

contract Refund {
    mapping(address => uint256) public paid;

    function pay() external payable { paid[msg.sender] += msg.value; }

    function refund() external {
        uint256 amount = paid[msg.sender];
        paid[msg.sender] = 0;
        payable(msg.sender).transfer(amount);
    }
}
