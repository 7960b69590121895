// SPDX-License-Identifier: MIT
pragma solidity 0.5.17;

contract Pinned5 {
    uint256 public x;
    function set(uint256 v) public { x = v; }
}
