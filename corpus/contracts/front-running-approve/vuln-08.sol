// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

contract Points {
    mapping(address => mapping(address => uint256)) public allowance;
    event Approval(address indexed owner, address indexed spender, uint256 value);

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value; // expect: front-running-approve
        emit Approval(msg.sender, spender, value);
        return true;
    }
}

contract Shares {
    mapping(address => mapping(address => uint256)) private _allowed;

    function approve(address spender, uint256 value) public returns (bool) {
        require(spender != address(0), "zero");
        _allowed[msg.sender][spender] = value; // expect: front-running-approve
        return true;
    }
}
