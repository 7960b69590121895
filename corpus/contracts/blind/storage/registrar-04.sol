pragma solidity ^0.4.19;

// The local record has no location and no value: it points at slot 0, where `unlocked` lives.
contract NameRegistrar {
    bool public unlocked = false;
    struct NameRecord {
        bytes32 name;
        address mappedAddress;
    }
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

contract Ledger {
    struct Entry {
        uint amount;
        address who;
    }
    Entry[] public entries;

    function add(uint amount) public {
        Entry memory e;
        e.amount = amount;
        e.who = msg.sender;
        entries.push(e);
    }

    function bump(uint index) public {
        Entry storage e = entries[index];
        e.amount += 1;
    }
}
