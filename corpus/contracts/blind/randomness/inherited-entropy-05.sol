pragma solidity ^0.5.0;

contract EntropySource {
    uint256 internal nonce;

    function _entropy() internal returns (uint256) {
        nonce++;
        return uint256(keccak256(abi.encodePacked(blockhash(block.number - 1), nonce))); // expect: weak-randomness
    }
}

contract WheelOfFortune is EntropySource {
    uint256 public constant SLOTS = 37;
    mapping(address => uint256) public winnings;

    function spin(uint256 bet) external payable {
        require(msg.value >= 0.01 ether && bet < SLOTS);
        uint256 slot = _entropy() % SLOTS;
        if (slot == bet) {
            winnings[msg.sender] += msg.value * 35;
        }
    }

    function collect() external {
        uint256 amount = winnings[msg.sender];
        winnings[msg.sender] = 0;
        msg.sender.transfer(amount);
    }
}

contract Clock {
    function currentTime() public view returns (uint256) {
        return block.timestamp; // expect: weak-randomness
    }
}

contract GuessTheTime {
    Clock public clock;
    address payable public house;

    constructor(Clock c) public {
        clock = c;
        house = msg.sender;
    }

    function guess(uint256 answer) external payable {
        require(msg.value == 1 ether);
        if (answer == clock.currentTime() % 10) {
            msg.sender.transfer(2 ether);
        }
    }
}
