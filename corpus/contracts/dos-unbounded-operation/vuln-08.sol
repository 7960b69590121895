// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

contract Feed {
    string[] public posts;

    function post(string calldata text) external {
        posts.push(text);
    }

    function wipe() external {
        posts = new string[](0); // expect: dos-unbounded-operation
    }
}

contract Registry {
    address[] public members;
    address public owner = msg.sender;

    function register() external {
        members.push(msg.sender);
    }

    function newEpoch() external {
        require(msg.sender == owner, "owner");
        delete members; // expect: dos-unbounded-operation
    }
}
