// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

contract Rounds {
    uint256 public round;
    mapping(uint256 => address[]) internal players;

    function join() external {
        players[round].push(msg.sender);
    }

    // a new round starts a new list instead of clearing the old one
    function nextRound() external {
        round++;
    }
}

contract Capped {
    uint256[] public values;
    uint256 public constant MAX = 100;

    function add(uint256 v) external {
        require(values.length < MAX, "full");
        values.push(v);
    }

    function reserve(uint256 n) external pure returns (uint256[] memory) {
        return new uint256[](n);
    }
}
