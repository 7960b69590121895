pragma solidity 0.4.24;

contract Ownable {
    address public owner;

    function Ownabel() public {
        owner = msg.sender; // expect: unprotected-owner-change
    }

    modifier onlyOwner() {
        require(msg.sender == owner);
        _;
    }
}

contract Bank is Ownable {
    function () public payable {}
    function sweep() public onlyOwner { owner.transfer(this.balance); }
}

contract Admins {
    mapping(address => bool) public isAdmin;
    uint public limit;

    function Admins() public { isAdmin[msg.sender] = true; }

    function addAdmin(address a) public {
        isAdmin[a] = true; // expect: unprotected-owner-change
    }

    function setLimit(uint l) public {
        require(isAdmin[msg.sender]);
        limit = l;
    }
}

contract Token {
    address public minter = msg.sender;
    mapping(address => uint) public balances;

    function changeMinter(address m) public {
        minter = m; // expect: unprotected-owner-change
    }

    function mint(address to, uint v) public {
        require(msg.sender == minter);
        balances[to] += v;
    }
}
