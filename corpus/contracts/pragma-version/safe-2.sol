// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

contract Pinned2 {
    uint256 public x;
    function set(uint256 v) public { x = v; }
}
