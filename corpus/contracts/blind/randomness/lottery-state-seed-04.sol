pragma solidity ^0.4.18;

// A raffle that seeds its draw from a value fixed at deployment and mixes in the caller.
contract SeededRaffle {
    address public organiser;
    uint256 private salt = block.timestamp; // expect: weak-randomness
    address[] public tickets;
    uint256 public constant PRICE = 0.05 ether;

    function SeededRaffle() public {
        organiser = msg.sender;
    }

    function buy() public payable {
        require(msg.value == PRICE);
        tickets.push(msg.sender);
    }

    function draw() public {
        require(msg.sender == organiser);
        require(tickets.length > 0);
        uint256 index = uint256(keccak256(salt, tickets.length)) % tickets.length;
        address winner = tickets[index];
        delete tickets; // expect: dos-unbounded-operation
        winner.transfer(this.balance);
    }
}

// The previous block hash is remembered by one call and used by the next.
contract TwoStepDraw {
    bytes32 public lastHash;
    address[] public entrants;

    function enter() public payable {
        require(msg.value == 0.1 ether);
        entrants.push(msg.sender);
        lastHash = block.blockhash(block.number - 1); // expect: weak-randomness
    }

    function settle() public {
        require(entrants.length >= 5);
        uint256 pick = uint256(lastHash) % entrants.length;
        entrants[pick].transfer(this.balance);
        entrants.length = 0; // expect: dos-unbounded-operation
    }
}

contract CoinFlip {
    uint256 public wins;

    function flip(bool guess) public payable {
        require(msg.value == 0.01 ether);
        var side = uint256(sha3(now, msg.sender)) % 2 == 0; // expect: weak-randomness
        if (side == guess) {
            wins += 1;
            msg.sender.transfer(0.02 ether);
        }
    }
}
