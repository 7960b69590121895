// SPDX-License-Identifier: MIT
pragma solidity 0.7.6;

contract Pinned3 {
    uint256 public x;
    function set(uint256 v) public { x = v; }
}
