pragma solidity 0.4.24;

contract Modernised {
    address owner = msg.sender;
    uint public lastGas;

    function kill() public {
        if (msg.sender != owner) revert();
        selfdestruct(owner);
    }

    function id(uint a) public pure returns (bytes32) {
        return keccak256(abi.encodePacked(a));
    }

    function gas() public {
        lastGas = gasleft();
    }

    function lastHash() public view returns (bytes32) {
        return blockhash(block.number - 1);
    }

    function loop(uint n) public pure returns (uint s) {
        for (uint i = 0; i < n; i++) {
            s += i;
        }
    }
}
