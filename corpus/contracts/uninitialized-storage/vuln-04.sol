pragma solidity 0.4.24;

contract NameRegistrar {
    bool public unlocked = false;
    struct NameRecord { bytes32 name; address mappedAddress; }
    mapping(address => NameRecord) public registeredNameRecord;
    mapping(bytes32 => address) public resolve;

    function register(bytes32 _name, address _mappedAddress) public {
        NameRecord newRecord; // expect: uninitialized-storage
        newRecord.name = _name;
        newRecord.mappedAddress = _mappedAddress;
        resolve[_name] = _mappedAddress;
        registeredNameRecord[msg.sender] = newRecord;
        require(unlocked);
    }
}

contract Pool {
    address public owner = msg.sender;
    struct Deposit { address who; uint amount; }
    Deposit[] public deposits;

    function add(uint amount) public {
        Deposit d; // expect: uninitialized-storage
        d.who = msg.sender;
        d.amount = amount;
        deposits.push(d);
    }
}

contract Lists {
    uint public total;
    uint[] public history;

    function record(uint v) public {
        uint[] tmp; // expect: uninitialized-storage
        tmp.push(v);
        total += v; // expect: integer-overflow
    }
}

contract Profiles {
    address public admin = msg.sender;
    struct Profile { string nick; uint age; }
    mapping(address => Profile) public profiles;

    function set(string nick, uint age) public {
        Profile storage p; // expect: uninitialized-storage
        p.nick = nick;
        p.age = age;
        profiles[msg.sender] = p;
    }
}

contract Votes {
    struct Ballot { uint yes; uint no; }
    Ballot[] public ballots;
    address public chair = msg.sender;

    function open() public returns (uint) {
        Ballot b; // expect: uninitialized-storage
        b.yes = 0;
        ballots.push(b);
        return ballots.length;
    }
}
