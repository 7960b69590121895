// SPDX-License-Identifier: MIT
pragma solidity 0.8.20;

contract BatcherAllowList {
    mapping(address => bool) public approvedModule;
    address public owner = msg.sender;

    function approve(address m) external {
        require(msg.sender == owner);
        approvedModule[m] = true;
    }

    function batch(address[] calldata modules, bytes[] calldata calls) external {
        require(msg.sender == owner, "owner");
        for (uint256 i = 0; i < modules.length; i++) {
            require(approvedModule[modules[i]], "module");
            (bool ok, ) = modules[i].delegatecall(calls[i]);
            require(ok);
        }
    }
}

contract ExecutorFixedLogic {
    address public immutable logic;

    constructor(address l) { logic = l; }

    function execute(bytes memory data) public payable returns (bytes memory) {
        (bool ok, bytes memory out) = logic.delegatecall(data);
        require(ok, "failed");
        return out;
    }
}
