// SPDX-License-Identifier: MIT
pragma solidity 0.6.12;

contract Pinned4 {
    uint256 public x;
    function set(uint256 v) public { x = v; }
}
