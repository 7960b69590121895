// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

contract Staking {
    mapping(address => uint256) public since;

    function stake() external {
        since[msg.sender] = block.timestamp;
    }

    function age(address user) external view returns (uint256) {
        return block.timestamp - since[user];
    }
}

contract Proposal {
    uint256 public immutable deadline;
    uint256 public votes;

    constructor() { deadline = block.timestamp + 3 days; }

    function support() external {
        require(block.timestamp <= deadline, "closed");
        votes += 1;
    }
}
