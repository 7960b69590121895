pragma solidity 0.4.24;

contract OwnableFixed {
    address public owner;

    function OwnableFixed() public {
        owner = msg.sender;
    }

    modifier onlyOwner() {
        require(msg.sender == owner);
        _;
    }

    function transferOwnership(address n) public onlyOwner {
        owner = n;
    }
}

contract AdminsFixed {
    mapping(address => bool) public isAdmin;
    uint public limit;

    function AdminsFixed() public { isAdmin[msg.sender] = true; }

    function addAdmin(address a) public {
        require(isAdmin[msg.sender]);
        isAdmin[a] = true;
    }

    function setLimit(uint l) public {
        require(isAdmin[msg.sender]);
        limit = l;
    }
}

contract TwoStep {
    address public owner = msg.sender;
    address public pendingOwner;

    function propose(address p) public {
        require(msg.sender == owner);
        pendingOwner = p;
    }

    function accept() public {
        require(msg.sender == pendingOwner);
        owner = pendingOwner;
        pendingOwner = address(0);
    }
}
