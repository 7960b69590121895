pragma solidity 0.4.24;

contract Wallet {
    address public owner;

    function Wallet() public { owner = msg.sender; }

    function () public payable {}

    function close() public {
        suicide(owner); // expect: unprotected-selfdestruct
    }
}

contract Game {
    address public host = msg.sender;
    bool public over;

    function end() public {
        over = true;
        selfdestruct(host); // expect: unprotected-selfdestruct
    }
}

contract Killable {
    address owner = msg.sender;

    function kill(address to) public {
        _destroy(to);
    }

    function _destroy(address to) internal {
        selfdestruct(to); // expect: unprotected-selfdestruct
    }
}
