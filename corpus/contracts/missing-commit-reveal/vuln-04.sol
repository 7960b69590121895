pragma solidity 0.4.24;

contract FindThisHash {
    bytes32 constant public hash = 0xb5b5b97fafd9855eec9b41f74dfb6c38f5951141f9a3ecd7f44d5479b630ee0a;

    function FindThisHash() public payable {}

    function solve(string solution) public {
        require(hash == sha3(solution)); // expect: missing-commit-reveal
        msg.sender.transfer(1000 ether);
    }
}

contract GuessNumber {
    uint8 answer = 42;
    address public winner;

    function GuessNumber() public payable {}

    function guess(uint8 n) public payable {
        require(msg.value == 1 ether);
        if (n == answer) { // expect: missing-commit-reveal
            msg.sender.transfer(2 ether);
        }
    }
}

contract Riddle {
    bytes32 public answerHash;
    address public solver;

    function Riddle(bytes32 h) public { answerHash = h; }

    function submit(string answer) public {
        require(solver == address(0));
        require(keccak256(answer) == answerHash); // expect: missing-commit-reveal
        solver = msg.sender;
    }
}
