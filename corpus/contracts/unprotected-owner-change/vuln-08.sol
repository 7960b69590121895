// SPDX-License-Identifier: MIT
pragma solidity 0.8.20;

contract Managed {
    address public manager;
    uint256 public cap;

    constructor() { manager = msg.sender; }

    modifier onlyManager() {
        require(msg.sender == manager, "manager");
        _;
    }

    function setManager(address m) external { // expect: unprotected-owner-change
        manager = m;
    }

    function setCap(uint256 c) external onlyManager { cap = c; }
}

contract Pausable {
    address public guardian = msg.sender;
    bool public paused;

    function transferGuardian(address g) public { // expect: unprotected-owner-change
        require(g != address(0), "zero");
        guardian = g;
    }

    function pause() external {
        require(msg.sender == guardian);
        paused = true;
    }
}
