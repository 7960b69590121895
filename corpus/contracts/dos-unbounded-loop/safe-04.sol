pragma solidity 0.4.24;

contract PonziCapped { // expect: locked-ether
    address[] public creditors;
    uint[] public credits;
    address public owner = msg.sender;

    function invest() public payable {
        require(msg.value >= 1 finney);
        require(creditors.length < 100);
        creditors.push(msg.sender);
        credits.push(msg.value * 2);
    }

    function resetRound(uint from, uint to) public {
        require(msg.sender == owner);
        require(to <= credits.length && to - from <= 50);
        for (uint i = from; i < to; i++) {
            credits[i] = 0;
        }
    }
}

contract RegistryMap {
    mapping(address => bool) public members;

    function join() public {
        members[msg.sender] = true;
    }

    function isMember(address a) public view returns (bool) {
        return members[a];
    }
}

contract AdminList {
    address[] public admins;
    address public owner = msg.sender;

    function addAdmin(address a) public {
        require(msg.sender == owner);
        admins.push(a);
    }

    function removeAll() public {
        require(msg.sender == owner);
        for (uint i = 0; i < admins.length; i++) {
            delete admins[i];
        }
    }
}
