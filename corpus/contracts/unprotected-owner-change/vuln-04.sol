pragma solidity 0.4.24;

contract Ownable {
    address public owner;

    function Ownabel() public { // expect: unprotected-owner-change
        owner = msg.sender;
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

    function addAdmin(address a) public { // expect: unprotected-owner-change
        isAdmin[a] = true;
    }

    function setLimit(uint l) public {
        require(isAdmin[msg.sender]);
        limit = l;
    }
}

contract Token {
    address public minter = msg.sender;
    mapping(address => uint) public balances;

    function changeMinter(address m) public { // expect: unprotected-owner-change
        minter = m;
    }

    function mint(address to, uint v) public {
        require(msg.sender == minter);
        balances[to] += v;
    }
}
