// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

contract Tips { // expect: locked-ether
    event Tipped(address from, uint256 amount);

    receive() external payable {
        emit Tipped(msg.sender, msg.value);
    }
}

interface IERC20 { function transfer(address to, uint256 v) external returns (bool); }

contract Presale { // expect: locked-ether
    IERC20 public immutable token;
    uint256 public constant RATE = 1000;

    constructor(IERC20 t) { token = t; }

    function buy() external payable {
        require(token.transfer(msg.sender, msg.value * RATE));
    }
}
