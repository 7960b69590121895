// SPDX-License-Identifier: MIT
pragma solidity 0.8.20;

contract Batcher {
    function batch(address[] calldata modules, bytes[] calldata calls) external {
        for (uint256 i = 0; i < modules.length; i++) {
            (bool ok, ) = modules[i].delegatecall(calls[i]); // expect: controlled-delegatecall
            require(ok);
        }
    }
}

contract Executor {
    address public owner = msg.sender;

    function execute(address target, bytes memory data) public payable returns (bytes memory) {
        (bool ok, bytes memory out) = target.delegatecall(data); // expect: controlled-delegatecall
        require(ok, "failed");
        return out;
    }
}
