// SPDX-License-Identifier: MIT
pragma solidity >=0.6.0 <0.9.0; // expect: pragma-version

contract RangeFloating {
    uint256 public x;
    function set(uint256 v) external { x = v; }
}
