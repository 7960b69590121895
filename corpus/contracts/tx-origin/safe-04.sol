pragma solidity 0.4.24;

contract SafeWallet {
    address public owner;

    constructor() public { owner = msg.sender; }

    function () public payable {}

    function transferTo(address dest, uint amount) public {
        require(msg.sender == owner);
        dest.transfer(amount);
    }
}

contract NoContracts {
    mapping(address => uint) public votes;

    function vote() public {
        require(tx.origin == msg.sender);
        votes[msg.sender] += 1;
    }
}

contract RegistryFixed {
    mapping(address => bool) public admins;
    mapping(bytes32 => address) public records;

    function RegistryFixed() public { admins[msg.sender] = true; }

    function set(bytes32 key, address value) public {
        require(admins[msg.sender]);
        records[key] = value;
    }
}
