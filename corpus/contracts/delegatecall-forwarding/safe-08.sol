// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

contract MathLib {
    function double(uint256 x) external pure returns (uint256) {
        return x * 2;
    }
}

contract Calculator {
    address public immutable mathLib;

    constructor(address m) {
        mathLib = m;
    }

    fallback() external {
        (bool ok, ) = mathLib.delegatecall(msg.data);
        require(ok, "failed");
    }
}

contract ProtectedLogic {
    address public owner;
    bool public initialized;

    function initialize() external {
        require(!initialized, "done");
        initialized = true;
        owner = msg.sender;
    }
}

contract ProtectedProxy {
    address public immutable protectedLogic;
    address public owner;
    bool public initialized;

    constructor(address l) {
        protectedLogic = l;
    }

    // a fixed selector, not whatever the caller sends
    function ping() external {
        (bool ok, ) = protectedLogic.delegatecall(abi.encodeWithSignature("initialize()"));
        require(ok, "failed");
    }
}
