pragma solidity 0.4.24;

contract Owned {
    address public owner = msg.sender;
    modifier onlyOwner() { require(msg.sender == owner); _; }
}

contract Vault is Owned {
    address public owner; // expect: shadowing

    function Vault(address o) public { owner = o; }

    function () public payable {}

    function sweep() public onlyOwner { msg.sender.transfer(this.balance); }
}

contract Base {
    uint public fee = 10;
}

contract Shop is Base {
    uint public fee = 1; // expect: shadowing

    function price(uint amount) public view returns (uint) {
        return amount + fee;
    }
}

contract Clock {
    uint public now; // expect: shadowing
    uint public created;

    function stamp() public { created = now; }
}

contract Ledger {
    uint public total;

    function add(uint amount) public returns (uint) {
        uint total = amount * 2; // expect: shadowing, integer-overflow
        return total;
    }
}

contract Checks {
    uint public hits;

    function require(bool condition) internal pure { // expect: shadowing
        if (!condition) revert();
    }

    function hit(uint n) public {
        require(n > 0);
        hits = n;
    }
}
