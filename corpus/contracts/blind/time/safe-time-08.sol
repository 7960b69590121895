// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

// The timestamp is recorded or shown, never decides a payment or an exact match.
contract Journal {
    struct Entry {
        address author;
        uint64 at;
        string text;
    }
    Entry[] private entries;

    function write(string calldata text) external {
        entries.push(Entry(msg.sender, uint64(block.timestamp), text));
    }

    function latestAt() external view returns (uint256) {
        return entries.length == 0 ? 0 : entries[entries.length - 1].at;
    }
}

contract Cooldown {
    mapping(address => uint256) public lastAction;
    mapping(address => uint256) public points;

    function act() external {
        require(block.timestamp >= lastAction[msg.sender] + 1 hours, "cooldown");
        lastAction[msg.sender] = block.timestamp;
        points[msg.sender] += 1;
    }
}

contract Epochs {
    uint256 public immutable genesis;

    constructor() {
        genesis = block.timestamp;
    }

    function epoch() public view returns (uint256) {
        return (block.timestamp - genesis) / 1 weeks;
    }
}
