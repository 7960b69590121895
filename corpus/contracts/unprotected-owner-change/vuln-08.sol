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

    function setManager(address m) external {
        manager = m; // expect: unprotected-owner-change
    }

    function setCap(uint256 c) external onlyManager { cap = c; }
}

contract Pausable {
    address public guardian = msg.sender;
    bool public paused;

    function transferGuardian(address g) public {
        require(g != address(0), "zero");
        guardian = g; // expect: unprotected-owner-change
    }

    function pause() external {
        require(msg.sender == guardian);
        paused = true;
    }
}
