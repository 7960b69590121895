pragma solidity 0.4.24;

contract Ponzi { // expect: locked-ether
    address[] public creditors;
    uint[] public credits;
    address public owner = msg.sender;

    function invest() public payable {
        require(msg.value >= 1 finney);
        creditors.push(msg.sender);
        credits.push(msg.value * 2);
    }

    function resetRound() public {
        require(msg.sender == owner);
        for (uint i = 0; i < creditors.length; i++) { // expect: dos-unbounded-loop
            credits[i] = 0;
        }
    }
}

contract Registry {
    address[] public members;

    function join() public {
        members.push(msg.sender);
    }

    function isMember(address a) public returns (bool) {
        for (uint i = 0; i < members.length; i++) { // expect: dos-unbounded-loop
            if (members[i] == a) return true;
        }
        return false;
    }
}

contract Queue {
    uint public count;
    mapping(uint => address) public entries;

    function enqueue() public {
        entries[count] = msg.sender;
        count++;
    }

    function clear() public {
        uint i = 0;
        while (i < count) { // expect: dos-unbounded-loop
            delete entries[i];
            i++;
        }
        count = 0;
    }
}
