// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

contract Dice {
    event Rolled(address player, uint256 value);

    function roll() external payable {
        require(msg.value == 0.1 ether);
        uint256 seed = uint256(keccak256(abi.encodePacked(block.prevrandao, block.timestamp, msg.sender))); // expect: weak-randomness
        uint256 value = seed % 6 + 1;
        emit Rolled(msg.sender, value);
        if (value == 6) payable(msg.sender).transfer(0.5 ether);
    }
}

contract NftMint {
    mapping(uint256 => uint8) public rarity;
    uint256 public nextId;

    function mint() external {
        uint256 id = nextId++;
        rarity[id] = uint8(uint256(blockhash(block.number - 1)) % 100); // expect: weak-randomness
    }
}
