// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

contract SettingsLogic {
    address public owner;
    uint256 public fee;
    bool public initialized;

    function initialize(uint256 f) external { // expect: unprotected-initializer
        owner = msg.sender;
        fee = f;
    }

    function setFee(uint256 f) external {
        require(msg.sender == owner, "owner");
        fee = f;
    }
}

contract SettingsProxy {
    address public immutable settingsLogic;
    address public owner;
    uint256 public fee;
    bool public initialized;

    constructor(address logic) {
        settingsLogic = logic;
    }

    fallback() external payable {
        (bool ok, ) = settingsLogic.delegatecall(msg.data); // expect: delegatecall-forwarding
        require(ok, "call failed");
    }
}

contract VaultLogic {
    address public guardian;

    function setupGuardian(address g) external { // expect: unprotected-initializer
        guardian = g;
    }

    function rescue(address payable to) external {
        require(msg.sender == guardian, "guardian");
        to.transfer(address(this).balance);
    }
}

contract VaultShell {
    VaultLogic public logic;
    address public guardian;

    constructor(VaultLogic l) {
        logic = l;
    }

    function execute(bytes calldata data) external returns (bytes memory) {
        (bool ok, bytes memory ret) = address(logic).delegatecall(data); // expect: delegatecall-forwarding
        require(ok, "failed");
        return ret;
    }
}
