// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

contract PuzzleCommitReveal {
    bytes32 public immutable target;
    bool public solved;
    mapping(address => bytes32) public commitOf;

    constructor(bytes32 t) payable { target = t; }

    function commit(bytes32 c) external { commitOf[msg.sender] = c; }

    function solve(bytes calldata preimage) external {
        require(!solved, "solved");
        require(commitOf[msg.sender] == keccak256(abi.encodePacked(msg.sender, preimage)), "commit");
        if (keccak256(preimage) == target) {
            solved = true;
            payable(msg.sender).transfer(address(this).balance);
        }
    }
}

contract SignedClaim {
    mapping(bytes32 => address) public ownerOf;
    address public immutable signer;

    constructor(address s) { signer = s; }

    function claim(bytes32 name, uint8 v, bytes32 r, bytes32 s) external {
        bytes32 digest = keccak256(abi.encodePacked(name, msg.sender));
        require(ecrecover(digest, v, r, s) == signer, "sig");
        ownerOf[name] = msg.sender;
    }
}

contract OwnerSettles {
    bytes32 public immutable answerHash;
    address public immutable judge;
    address public winner;

    constructor(bytes32 h, address j) payable { answerHash = h; judge = j; }

    function settle(address w, bytes calldata answer) external {
        require(msg.sender == judge, "judge");
        require(keccak256(answer) == answerHash, "wrong");
        winner = w;
        payable(w).transfer(address(this).balance);
    }
}
