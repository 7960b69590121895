pragma solidity ^0.4.24;

contract OwnerList {
    address public owner = msg.sender;
    address[] public admins;
    mapping(address => uint256) public score;

    function addAdmin(address a) public {
        require(msg.sender == owner);
        admins.push(a);
    }

    function clearAdmins() public {
        require(msg.sender == owner);
        delete admins;
    }

    function forget() public {
        delete score[msg.sender];
    }
}

contract FixedBuffer {
    uint256[8] public buffer;
    uint256 public cursor;

    function write(uint256 v) public {
        buffer[cursor % 8] = v;
        cursor++;
    }

    function clear() public {
        delete buffer;
    }
}
