// SPDX-License-Identifier: MIT
pragma solidity 0.8.18;

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function approve(address spender, uint256 amount) external returns (bool);
}

contract TokenVault {
    IERC20 public immutable token;
    mapping(address => uint256) public deposited;

    constructor(IERC20 t) { token = t; }

    function deposit(uint256 amount) external {
        token.transferFrom(msg.sender, address(this), amount); // expect: unchecked-transfer
        deposited[msg.sender] += amount;
    }

    function withdraw(uint256 amount) external {
        deposited[msg.sender] -= amount;
        token.transfer(msg.sender, amount); // expect: unchecked-transfer
    }
}

contract Payout {
    address public immutable owner = msg.sender;

    function sweep(address token, address to, uint256 amount) external {
        require(msg.sender == owner);
        IERC20(token).transfer(to, amount); // expect: unchecked-transfer
    }

    function allow(IERC20 token, address spender) external {
        require(msg.sender == owner);
        token.approve(spender, type(uint256).max); // expect: unchecked-transfer
    }
}
