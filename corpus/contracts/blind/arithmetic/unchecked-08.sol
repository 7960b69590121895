// SPDX-License-Identifier: MIT
pragma solidity 0.8.21;

contract GasOptimisedToken {
    mapping(address => uint256) public balanceOf;
    uint256 public totalSupply;

    constructor() {
        balanceOf[msg.sender] = 1e24;
        totalSupply = 1e24;
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        unchecked {
            balanceOf[msg.sender] -= amount; // expect: integer-overflow
            balanceOf[to] += amount;
        }
        return true;
    }

    function burn(uint256 amount) external {
        require(balanceOf[msg.sender] >= amount, "burn");
        unchecked {
            balanceOf[msg.sender] -= amount;
            totalSupply -= amount;
        }
    }

    function sum(uint256[] calldata xs) external pure returns (uint256 total) {
        for (uint256 i = 0; i < xs.length; ) {
            total += xs[i];
            unchecked {
                ++i;
            }
        }
    }
}

contract RewardMath {
    uint256 public rate = 3;
    mapping(address => uint256) public points;

    function addPoints(uint256 earned) external {
        unchecked {
            points[msg.sender] += earned * rate; // expect: integer-overflow
        }
    }

    function spend(uint256 cost) external {
        uint256 current = points[msg.sender];
        require(current >= cost, "points");
        unchecked {
            points[msg.sender] = current - cost;
        }
    }
}
