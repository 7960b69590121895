pragma solidity 0.4.24;

contract FindThisHashCommitted {
    bytes32 constant public hash = 0xb5b5b97fafd9855eec9b41f74dfb6c38f5951141f9a3ecd7f44d5479b630ee0a;
    mapping(address => bytes32) public commitments;
    mapping(address => uint) public commitBlock;

    function FindThisHashCommitted() public payable {}

    function commit(bytes32 c) public {
        commitments[msg.sender] = c;
        commitBlock[msg.sender] = block.number;
    }

    function reveal(string solution) public {
        require(block.number > commitBlock[msg.sender]);
        require(commitments[msg.sender] == keccak256(msg.sender, solution));
        require(hash == keccak256(solution));
        msg.sender.transfer(1000 ether);
    }
}

contract AnswerStore {
    bytes32 public answerHash;
    address public owner = msg.sender;

    function check(string answer) public view returns (bool) {
        return keccak256(answer) == answerHash;
    }

    function setAnswer(bytes32 h) public {
        require(msg.sender == owner);
        answerHash = h;
    }
}
