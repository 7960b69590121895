pragma solidity ^0.4.15;

contract Bank {
    struct Holder {
        uint balance;
        uint since;
    }

    mapping (address => Holder) holders;

    function deposit() payable {
        var h = holders[msg.sender];
        h.balance += msg.value;
        h.since = now;
    }

    function withdraw() {
        var h = holders[msg.sender];
        if (h.balance > 0) {
            if (msg.sender.call.value(h.balance)()) { // expect: reentrancy-eth
                h.balance = 0;
            }
        }
    }
}

contract EtherShares {
    mapping (address => uint) public shares;
    uint public totalShares;

    function buy() payable {
        shares[msg.sender] += msg.value;
        totalShares += msg.value;
    }

    function sellAll() {
        uint amount = shares[msg.sender];
        require(msg.sender.call.value(amount)()); // expect: reentrancy-eth
        totalShares -= amount;
        shares[msg.sender] = 0;
    }

    // transfer moves shares that sellAll has not yet zeroed while the seller re-enters here
    function transferShares(address to, uint amount) { // expect: short-address
        require(shares[msg.sender] >= amount);
        shares[msg.sender] -= amount;
        shares[to] += amount;
    }
}
