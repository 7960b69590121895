// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

contract PointsSafe {
    mapping(address => mapping(address => uint256)) public allowance;

    function approve(address spender, uint256 value) external returns (bool) {
        require(value == 0 || allowance[msg.sender][spender] == 0, "reset first");
        allowance[msg.sender][spender] = value;
        return true;
    }
}

contract SharesDelta {
    mapping(address => mapping(address => uint256)) private _allowed;

    function decreaseAllowance(address spender, uint256 sub) public returns (bool) {
        uint256 current = _allowed[msg.sender][spender];
        require(current >= sub, "below zero");
        _allowed[msg.sender][spender] = current - sub;
        return true;
    }
}
