pragma solidity 0.4.24;

contract Crowdsale {
    uint public deadline = now + 30 days;
    address public owner = msg.sender;

    function claim() public {
        require(now == deadline); // expect: timestamp-dependence
        owner.transfer(this.balance);
    }
}

contract EveryFifteen {
    function () public payable {
        require(msg.value == 1 ether);
        bool lucky = now % 15 == 0; // expect: timestamp-dependence, weak-randomness
        if (lucky) msg.sender.transfer(this.balance);
    }
}

contract Governance {
    uint public lastInvestmentTimestamp;
    address public lastInvestor;
    uint public constant ONE_MINUTE = 1 minutes;

    function invest() public payable {
        require(msg.value > 0);
        lastInvestor = msg.sender;
        lastInvestmentTimestamp = block.timestamp;
    }

    function resetInvestment() public {
        if (block.timestamp < lastInvestmentTimestamp + ONE_MINUTE) // expect: timestamp-dependence
            revert();
        lastInvestor.transfer(this.balance);
    }
}
