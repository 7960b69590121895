pragma solidity 0.4.24;

contract Legacy {
    address owner = msg.sender;
    uint public lastGas;

    function kill() public {
        if (msg.sender != owner) throw; // expect: deprecated-constructs
        suicide(owner); // expect: deprecated-constructs
    }

    function id(uint a) public constant returns (bytes32) { // expect: deprecated-constructs
        return sha3(a); // expect: deprecated-constructs
    }

    function gas() public {
        lastGas = msg.gas; // expect: deprecated-constructs
    }

    function lastHash() public view returns (bytes32) {
        return block.blockhash(block.number - 1); // expect: deprecated-constructs
    }

    function loop(uint n) public pure returns (uint s) {
        for (var i = 0; i < n; i++) { // expect: deprecated-constructs
            s += i;
        }
    }
}
