pragma solidity 0.4.24;

contract Wallet {
    address public owner;

    function Wallet() public { owner = msg.sender; }

    function () public payable {}

    function close() public { // expect: unprotected-selfdestruct
        suicide(owner);
    }
}

contract Game {
    address public host = msg.sender;
    bool public over;

    function end() public { // expect: unprotected-selfdestruct
        over = true;
        selfdestruct(host);
    }
}

contract Killable {
    address owner = msg.sender;

    function kill(address to) public { // expect: unprotected-selfdestruct
        _destroy(to);
    }

    function _destroy(address to) internal {
        selfdestruct(to);
    }
}
