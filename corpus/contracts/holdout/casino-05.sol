pragma solidity 0.5.12;

contract SlotMachine {
    address payable public owner;
    uint256 public jackpot;
    uint256 private nonce;

    constructor() public payable {
        owner = msg.sender;
        jackpot = msg.value;
    }

    function roll() private returns (uint8) {
        nonce += 1;
        return uint8(uint256(keccak256(abi.encodePacked(now, msg.sender, nonce))) % 10); // expect: weak-randomness
    }

    function pull() public payable {
        require(msg.value == 0.1 ether, "price");
        jackpot += msg.value;
        if (roll() == 7) {
            uint256 prize = jackpot;
            jackpot = 0;
            msg.sender.transfer(prize);
        }
    }

    function close() public { // expect: unprotected-selfdestruct
        require(jackpot == 0);
        selfdestruct(owner);
    }
}

contract Seeded {
    uint256 internal seed = block.number; // expect: weak-randomness
}

contract Raffle is Seeded {
    address payable[] public entries;

    function enter() external payable {
        require(msg.value == 0.01 ether);
        entries.push(msg.sender);
    }

    function draw() external {
        require(entries.length >= 10);
        address payable winner = entries[uint256(keccak256(abi.encodePacked(seed, entries.length))) % entries.length];
        winner.transfer(address(this).balance);
    }
}
