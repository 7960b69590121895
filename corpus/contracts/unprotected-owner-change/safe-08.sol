// SPDX-License-Identifier: MIT
pragma solidity 0.8.20;

abstract contract Owned {
    address internal _owner = msg.sender;
    function _checkOwner() internal view {
        require(msg.sender == _owner, "owner");
    }
}

contract ManagedFixed is Owned {
    address public manager;

    modifier onlyManager() {
        require(msg.sender == manager, "manager");
        _;
    }

    function setManager(address m) external {
        _checkOwner();
        manager = m;
    }
}

contract PausableFixed {
    address public guardian = msg.sender;
    bool public paused;

    function transferGuardian(address g) public {
        require(msg.sender == guardian, "guardian");
        require(g != address(0), "zero");
        guardian = g;
    }

    function pause() external {
        require(msg.sender == guardian);
        paused = true;
    }
}
