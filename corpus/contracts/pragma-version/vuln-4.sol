// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0; // expect: pragma-version

contract CaretModern {
    uint256 public x;
    function set(uint256 v) external { x = v; }
}
