pragma solidity 0.4.24;

contract Roulette {
    uint public pastBlockTime;

    function () public payable {
        require(msg.value == 10 ether);
        require(now != pastBlockTime); // expect: timestamp-dependence
        pastBlockTime = now;
        if (now % 15 == 0) { // expect: weak-randomness, timestamp-dependence
            msg.sender.transfer(this.balance);
        }
    }
}

contract Lottery {
    address[] public players;

    function enter() public payable {
        require(msg.value == 1 ether);
        players.push(msg.sender);
    }

    function draw() public {
        uint index = uint(keccak256(block.difficulty, now, players.length)) % players.length; // expect: weak-randomness
        players[index].transfer(this.balance); // expect: dos-failing-call
        delete players; // expect: dos-unbounded-operation
    }
}

contract GuessTheBlock {
    function guess(uint8 n) public payable {
        require(msg.value == 1 ether);
        uint8 answer = uint8(block.blockhash(block.number - 1)); // expect: weak-randomness
        if (n == answer) {
            msg.sender.transfer(2 ether);
        }
    }
}
