// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

contract Puzzle {
    bytes32 public immutable target;
    bool public solved;

    constructor(bytes32 t) payable { target = t; }

    function solve(bytes calldata preimage) external {
        require(!solved, "solved");
        if (keccak256(preimage) == target) { // expect: missing-commit-reveal
            solved = true;
            payable(msg.sender).transfer(address(this).balance);
        }
    }
}

contract NameAuction {
    mapping(bytes32 => address) public ownerOf;
    bytes32 public secretKey;

    constructor(bytes32 k) { secretKey = k; }

    function claimWithKey(bytes32 name, bytes32 key) external {
        require(sha256(abi.encodePacked(key)) == secretKey, "key"); // expect: missing-commit-reveal
        ownerOf[name] = msg.sender;
        secretKey = bytes32(0);
    }
}
