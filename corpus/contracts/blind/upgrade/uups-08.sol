// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

abstract contract UUPSBase {
    address internal _implementation;
    address public owner;

    function _authorizeUpgrade(address newImplementation) internal virtual;

    function upgradeTo(address newImplementation) external {
        _authorizeUpgrade(newImplementation);
        _implementation = newImplementation;
    }
}

contract VaultV1 is UUPSBase {
    uint256 public version = 1;

    function _authorizeUpgrade(address) internal override {} // expect: unprotected-upgrade
}

contract VaultV2 is UUPSBase {
    uint256 public version = 2;

    modifier onlyOwner() {
        require(msg.sender == owner, "owner");
        _;
    }

    function _authorizeUpgrade(address) internal override onlyOwner {}
}
