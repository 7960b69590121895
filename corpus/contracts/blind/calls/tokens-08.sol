// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function balanceOf(address who) external view returns (uint256);
}

library SafeERC20 {
    function safeTransfer(IERC20 token, address to, uint256 amount) internal {
        (bool ok, bytes memory data) = address(token).call(abi.encodeWithSelector(token.transfer.selector, to, amount));
        require(ok && (data.length == 0 || abi.decode(data, (bool))), "transfer");
    }
}

contract Staking {
    IERC20 public immutable stakeToken;
    mapping(address => uint256) public staked;

    constructor(IERC20 t) {
        stakeToken = t;
    }

    function stake(uint256 amount) external {
        stakeToken.transferFrom(msg.sender, address(this), amount); // expect: unchecked-transfer
        staked[msg.sender] += amount;
    }

    function unstake(uint256 amount) external {
        staked[msg.sender] -= amount;
        stakeToken.transfer(msg.sender, amount); // expect: unchecked-transfer
    }
}

contract SafeStaking {
    using SafeERC20 for IERC20;
    IERC20 public immutable stakeToken;
    mapping(address => uint256) public staked;

    constructor(IERC20 t) {
        stakeToken = t;
    }

    function stake(uint256 amount) external {
        require(stakeToken.transferFrom(msg.sender, address(this), amount), "pull");
        staked[msg.sender] += amount;
    }

    function unstake(uint256 amount) external {
        staked[msg.sender] -= amount;
        stakeToken.safeTransfer(msg.sender, amount);
    }
}

contract Forwarder {
    address public immutable owner = msg.sender;

    function forward(address payable to) external payable {
        (bool sent, ) = to.call{value: msg.value}(""); // expect: unchecked-lowlevel
    }

    function forwardChecked(address payable to) external payable {
        (bool sent, ) = to.call{value: msg.value}("");
        if (!sent) {
            revert("forward failed");
        }
    }
}
