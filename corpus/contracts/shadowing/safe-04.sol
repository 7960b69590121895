pragma solidity 0.4.24;

contract Owned {
    address public owner = msg.sender;
    modifier onlyOwner() { require(msg.sender == owner); _; }
}

contract VaultFixed is Owned {
    function VaultFixed(address o) public { owner = o; }

    function () public payable {}

    function sweep() public onlyOwner { msg.sender.transfer(this.balance); }
}

contract Base {
    uint public fee = 10;
}

contract ShopFixed is Base {
    function ShopFixed() public { fee = 1; }

    function price(uint amount) public view returns (uint) {
        return amount + fee;
    }
}

contract ClockFixed {
    uint public lastStamp;

    function stamp() public { lastStamp = now; }
}

contract LedgerFixed {
    uint public total;

    function add(uint amount) public returns (uint) {
        uint doubled = amount * 2; // expect: integer-overflow
        total = doubled;
        return doubled;
    }
}

contract ChecksFixed {
    uint public hits;

    function requirePositive(uint n) internal pure {
        if (n == 0) revert();
    }

    function hit(uint n) public {
        requirePositive(n);
        hits = n;
    }
}
