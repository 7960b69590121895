// SPDX-License-Identifier: MIT
pragma solidity ^0.8.4;

abstract contract Ownable {
    address private _owner;

    constructor() {
        _owner = msg.sender;
    }

    modifier onlyOwner() {
        require(msg.sender == _owner, "not owner");
        _;
    }

    function owner() public view returns (address) {
        return _owner;
    }
}

contract WeeklyDraw is Ownable {
    address[] private players;
    uint256 public round;

    function join() external payable {
        require(msg.value == 0.02 ether, "fee");
        players.push(msg.sender);
    }

    function _random() private view returns (uint256) {
        return uint256(keccak256(abi.encodePacked(block.difficulty, block.timestamp, players))); // expect: weak-randomness
    }

    function pickWinner() external onlyOwner {
        require(players.length > 0, "empty");
        uint256 index = _random() % players.length;
        address winner = players[index];
        delete players; // expect: dos-unbounded-operation
        round++;
        (bool ok, ) = payable(winner).call{value: address(this).balance}("");
        require(ok, "pay");
    }
}

contract LootBox { // expect: locked-ether
    uint256 private lastSeed;
    mapping(uint256 => uint8) public tier;
    uint256 public minted;

    function open() external payable {
        require(msg.value == 0.001 ether, "price");
        uint256 seed = block.prevrandao; // expect: weak-randomness
        lastSeed = uint256(keccak256(abi.encode(seed, msg.sender, minted)));
        tier[minted] = uint8(lastSeed % 5);
        minted++;
    }
}
