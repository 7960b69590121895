// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

contract Points {
    mapping(address => uint256) public points;

    function spend(uint256 amount) external {
        unchecked {
            points[msg.sender] -= amount; // expect: integer-overflow
        }
    }

    function earn(address user, uint256 amount) external {
        require(msg.sender == user);
        points[user] += amount;
    }
}

contract Vesting {
    mapping(address => uint256) public released;
    uint256 public immutable total = 1000 ether;

    function releasable(address user, uint256 extra) external returns (uint256 out) {
        unchecked {
            out = total - released[user] + extra; // expect: integer-overflow
        }
        released[user] = out;
    }
}
