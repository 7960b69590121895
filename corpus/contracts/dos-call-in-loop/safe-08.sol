// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
}

contract AirdropClaim {
    IERC20 public immutable token;
    mapping(address => uint256) public allocation;

    constructor(IERC20 t) { token = t; }

    function claim() external {
        uint256 amount = allocation[msg.sender];
        allocation[msg.sender] = 0;
        require(token.transfer(msg.sender, amount), "transfer");
    }
}

contract PayrollPull {
    mapping(address => uint256) public salary;
    address public immutable owner = msg.sender;
    address[] public staff;

    function accrue(uint256 each) external {
        require(msg.sender == owner);
        for (uint256 i = 0; i < staff.length; i++) {
            salary[staff[i]] += each;
        }
    }

    function collect() external {
        uint256 amount = salary[msg.sender];
        salary[msg.sender] = 0;
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok);
    }
}

contract SumOnly {
    uint256[] public values;
    function total() external view returns (uint256 s) {
        for (uint256 i; i < values.length; ++i) s += values[i];
    }
}
