pragma solidity ^0.4.11;

contract Piggy {
    struct Slot {
        uint balance;
        uint unlock;
    }
    mapping (address => Slot) slots;

    function put(uint lockFor) payable {
        var s = slots[msg.sender];
        s.balance += msg.value;
        s.unlock = now + lockFor;
    }

    function take(uint amount) {
        var s = slots[msg.sender];
        if (s.balance < amount) throw;
        s.balance -= amount;
        if (!msg.sender.send(amount)) throw;
    }
}

// The amount is the caller's choice and nothing ties it to what the caller put in.
contract LeakyJar {
    mapping (address => uint) public put;

    function fill() payable {
        put[msg.sender] += msg.value;
    }

    function take(uint amount) { // expect: unprotected-withdraw
        if (!msg.sender.send(amount)) throw;
    }
}
