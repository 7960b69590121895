pragma solidity ^0.4.21;

// Pays the whole pot to whoever calls in a block whose timestamp is divisible by 15.
contract BlockRoulette {
    uint256 public lastPlayed;

    function() public payable {}

    function spin() public payable {
        require(msg.value == 1 ether);
        require(now != lastPlayed); // expect: timestamp-dependence
        lastPlayed = now;
        if (now % 15 == 0) { // expect: timestamp-dependence, weak-randomness
            msg.sender.transfer(this.balance);
        }
    }
}

contract TimedRelease {
    address public beneficiary;
    uint256 public releaseAt;

    function TimedRelease(address who, uint256 delay) public payable {
        beneficiary = who;
        releaseAt = now + delay;
    }

    function release() public {
        uint256 current = block.timestamp; // expect: timestamp-dependence
        require(msg.sender == beneficiary);
        if (current >= releaseAt) {
            beneficiary.transfer(this.balance);
        }
    }
}
