// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

/// A deposit vault as often first written: the balance is cleared after the external call.
contract Vault {
    mapping(address => uint256) public balances;
    address public owner;

    constructor() {
        owner = msg.sender;
    }

    function deposit() external payable {
        balances[msg.sender] += msg.value;
    }

    function withdraw() external {
        uint256 amount = balances[msg.sender];
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "transfer failed");
        balances[msg.sender] = 0;
    }

    function setOwner(address newOwner) external {
        require(tx.origin == owner, "not owner");
        owner = newOwner;
    }

    function lottery() external view returns (bool) {
        return uint256(keccak256(abi.encodePacked(block.timestamp, block.prevrandao))) % 2 == 0;
    }
}
