pragma solidity ^0.4.0;

// After twelve hours without a new creditor the last one takes the jackpot and the system resets.
contract CreditorsGame {
    uint32 public lastCreditorPayedOut;
    uint public lastTimeOfNewCredit;
    uint public profitFromCrash;
    address[] public creditorAddresses;
    uint[] public creditorAmounts;
    address public corruptElite;
    uint8 public round;
    uint constant TWELVE_HOURS = 43200;

    function CreditorsGame() {
        profitFromCrash = msg.value;
        corruptElite = msg.sender;
        lastTimeOfNewCredit = block.timestamp;
    }

    function lendMoney() returns (bool) {
        uint amount = msg.value;
        if (lastTimeOfNewCredit + TWELVE_HOURS < block.timestamp) { // expect: timestamp-dependence
            msg.sender.send(amount); // expect: unchecked-lowlevel
            creditorAddresses[creditorAddresses.length - 1].send(profitFromCrash); // expect: unchecked-lowlevel
            corruptElite.send(this.balance); // expect: unchecked-lowlevel
            lastCreditorPayedOut = 0;
            lastTimeOfNewCredit = block.timestamp;
            profitFromCrash = 0;
            creditorAddresses = new address[](0); // expect: dos-unbounded-operation
            creditorAmounts = new uint[](0); // expect: dos-unbounded-operation
            round += 1;
            return false;
        } else {
            if (amount >= 10 ** 18) {
                lastTimeOfNewCredit = block.timestamp;
                creditorAddresses.push(msg.sender);
                creditorAmounts.push(amount * 110 / 100);
                corruptElite.send(amount * 5 / 100); // expect: unchecked-lowlevel
                if (profitFromCrash < 10000 * 10 ** 18) {
                    profitFromCrash += amount * 5 / 100;
                }
                return true;
            } else {
                msg.sender.send(amount); // expect: unchecked-lowlevel
                return false;
            }
        }
    }
}
