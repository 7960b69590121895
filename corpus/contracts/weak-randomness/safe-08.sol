// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

interface IRandomness {
    function requestRandom() external returns (uint256 requestId);
}

contract DiceOracle {
    IRandomness public immutable oracle;
    mapping(uint256 => address) public players;
    address public immutable coordinator;

    constructor(IRandomness o, address c) { oracle = o; coordinator = c; }

    function roll() external payable {
        require(msg.value == 0.1 ether);
        uint256 id = oracle.requestRandom();
        players[id] = msg.sender;
    }

    function fulfill(uint256 id, uint256 randomWord) external {
        require(msg.sender == coordinator);
        if (randomWord % 6 == 5) payable(players[id]).transfer(0.5 ether);
    }
}

contract NftMintSequential {
    mapping(uint256 => uint8) public rarity;
    uint256 public nextId;

    function mint(uint8 r) external {
        require(r < 100);
        rarity[nextId] = r;
        nextId += 1;
    }
}
