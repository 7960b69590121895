pragma solidity ^0.4.19;

// The constructor's name does not match the contract: it is a public function anyone can call.
contract TreasuryWallet {
    address public owner;

    function TreasuryWalet() public { // expect: unprotected-owner-change
        owner = msg.sender;
    }

    modifier onlyOwner() {
        require(msg.sender == owner);
        _;
    }

    function() public payable {}

    function sweep() public onlyOwner {
        owner.transfer(this.balance);
    }
}

contract missiletoken {
    address public creator;
    mapping(address => uint256) public balanceOf;

    function MissileToken() public { // expect: unprotected-owner-change
        creator = msg.sender;
        balanceOf[msg.sender] = 1000000;
    }

    function mint(address to, uint256 amount) public {
        require(msg.sender == creator);
        balanceOf[to] += amount;
    }
}

// 0.4.22 to 0.4.24 accept the constructor keyword, but "function constructor" is an ordinary function.
contract Registry {
    address public admin;
    mapping(bytes32 => address) public entries;

    function constructor() public { // expect: unprotected-owner-change
        admin = msg.sender;
    }

    function set(bytes32 key, address value) public {
        require(msg.sender == admin);
        entries[key] = value;
    }
}

contract ProperlyNamed {
    address public owner;

    function ProperlyNamed() public {
        owner = msg.sender;
    }

    function withdraw() public {
        require(msg.sender == owner);
        owner.transfer(this.balance);
    }
}
