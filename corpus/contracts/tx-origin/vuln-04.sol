pragma solidity 0.4.24;

contract PhishableWallet {
    address public owner;

    constructor() public { owner = msg.sender; }

    function () public payable {}

    function transferTo(address dest, uint amount) public {
        require(tx.origin == owner); // expect: tx-origin
        dest.transfer(amount);
    }
}

contract Owned {
    address public owner = msg.sender;
    modifier onlyOwner() {
        if (tx.origin != owner) throw; // expect: tx-origin
        _;
    }
}

contract Treasury is Owned {
    function pay(address to, uint v) public onlyOwner {
        to.transfer(v);
    }
    function () public payable {}
}

contract Registry {
    mapping(address => bool) public admins;
    mapping(bytes32 => address) public records;

    function Registry() public { admins[msg.sender] = true; }

    function set(bytes32 key, address value) public {
        require(admins[tx.origin]); // expect: tx-origin
        records[key] = value;
    }
}
