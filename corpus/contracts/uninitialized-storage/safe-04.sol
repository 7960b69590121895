pragma solidity 0.4.24;

contract NameRegistrarFixed {
    bool public unlocked = false;
    struct NameRecord { bytes32 name; address mappedAddress; }
    mapping(address => NameRecord) public registeredNameRecord;
    mapping(bytes32 => address) public resolve;

    function register(bytes32 _name, address _mappedAddress) public {
        NameRecord memory newRecord;
        newRecord.name = _name;
        newRecord.mappedAddress = _mappedAddress;
        resolve[_name] = _mappedAddress;
        registeredNameRecord[msg.sender] = newRecord;
        require(unlocked);
    }
}

contract PoolFixed {
    struct Deposit { address who; uint amount; }
    Deposit[] public deposits;

    function add(uint amount) public {
        Deposit memory d = Deposit(msg.sender, amount);
        deposits.push(d);
    }
}

contract ListsFixed {
    uint public total;
    uint[] public history;

    function record(uint v) public {
        uint[] storage h = history;
        h.push(v);
        total += v; // expect: integer-overflow
    }
}

contract ProfilesFixed {
    struct Profile { string nick; uint age; }
    mapping(address => Profile) public profiles;

    function set(string nick, uint age) public {
        Profile storage p = profiles[msg.sender];
        p.nick = nick;
        p.age = age;
    }
}

contract VotesFixed {
    struct Ballot { uint yes; uint no; }
    Ballot[] public ballots;

    function open() public returns (uint) {
        ballots.push(Ballot(0, 0));
        return ballots.length;
    }
}
