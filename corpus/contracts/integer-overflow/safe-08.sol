// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

contract PointsChecked {
    mapping(address => uint256) public points;

    function spend(uint256 amount) external {
        points[msg.sender] -= amount;
    }

    function sum(uint256[] calldata xs) external pure returns (uint256 s) {
        for (uint256 i = 0; i < xs.length; ) {
            s += xs[i];
            unchecked { ++i; }
        }
    }
}
