pragma solidity 0.4.24;

contract WalletOwned {
    address public owner;

    function WalletOwned() public { owner = msg.sender; }

    function () public payable {}

    function close() public {
        require(msg.sender == owner);
        selfdestruct(owner);
    }
}

contract Ownable {
    address public owner = msg.sender;
    modifier onlyOwner() { require(msg.sender == owner); _; }
}

contract GameOwned is Ownable {
    bool public over;

    function end() public onlyOwner {
        over = true;
        selfdestruct(owner);
    }
}

contract KillableOwned {
    address owner = msg.sender;

    function kill(address to) public {
        require(msg.sender == owner);
        _destroy(to);
    }

    function _destroy(address to) internal {
        selfdestruct(to);
    }
}
