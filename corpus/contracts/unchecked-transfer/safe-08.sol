// SPDX-License-Identifier: MIT
pragma solidity 0.8.18;

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function approve(address spender, uint256 amount) external returns (bool);
}

library SafeERC20 {
    function safeTransfer(IERC20 token, address to, uint256 value) internal {
        require(token.transfer(to, value), "transfer failed");
    }
    function safeTransferFrom(IERC20 token, address from, address to, uint256 value) internal {
        require(token.transferFrom(from, to, value), "transferFrom failed");
    }
}

contract TokenVaultSafe {
    using SafeERC20 for IERC20;
    IERC20 public immutable token;
    mapping(address => uint256) public deposited;

    constructor(IERC20 t) { token = t; }

    function deposit(uint256 amount) external {
        token.safeTransferFrom(msg.sender, address(this), amount);
        deposited[msg.sender] += amount;
    }

    function withdraw(uint256 amount) external {
        deposited[msg.sender] -= amount;
        token.safeTransfer(msg.sender, amount);
    }
}

contract PayoutChecked {
    address public immutable owner = msg.sender;

    function sweep(address token, address to, uint256 amount) external {
        require(msg.sender == owner);
        bool ok = IERC20(token).transfer(to, amount);
        require(ok);
    }

    function allow(IERC20 token, address spender) external {
        require(msg.sender == owner);
        require(token.approve(spender, type(uint256).max));
    }
}
