// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

contract Forwarder {
    mapping(bytes32 => bool) public done;

    function execute(address to, bytes calldata data, bytes32 id) external {
        require(!done[id], "replay");
        done[id] = true;
        (bool success, ) = to.call(data); // expect: gas-griefing
        emit Executed(id, success);
    }

    event Executed(bytes32 id, bool success);
}

contract Scheduler {
    struct Job { address target; bool ran; }
    mapping(uint256 => Job) public jobs;

    function run(uint256 id, bytes memory input) public {
        Job storage job = jobs[id];
        require(!job.ran, "ran");
        job.ran = true;
        (bool ok, ) = job.target.call(input); // expect: gas-griefing
        if (!ok) emit Failed(id);
    }

    event Failed(uint256 id);
}

contract Guardian {
    uint256 public attempts;

    function tryCall(address target, bytes calldata data) external returns (bool ok) {
        attempts += 1;
        (ok, ) = target.call(data); // expect: gas-griefing
    }
}
