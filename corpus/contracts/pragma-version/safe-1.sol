// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

contract Pinned1 {
    uint256 public x;
    function set(uint256 v) public { x = v; }
}
