pragma solidity ^0.4.24;

contract ClassicToken {
    mapping (address => uint256) public balanceOf;
    mapping (address => mapping (address => uint256)) public allowance;

    function approve(address _spender, uint256 _value) public returns (bool success) {
        allowance[msg.sender][_spender] = _value; // expect: front-running-approve
        return true;
    }

    function transferFrom(address _from, address _to, uint256 _value) public returns (bool) { // expect: short-address
        require(_value <= balanceOf[_from]);
        require(_value <= allowance[_from][msg.sender]);
        balanceOf[_from] -= _value;
        allowance[_from][msg.sender] -= _value;
        balanceOf[_to] += _value;
        return true;
    }
}

contract CarefulToken {
    mapping (address => mapping (address => uint256)) public allowance;

    function approve(address _spender, uint256 _value) public returns (bool) {
        require(_value == 0 || allowance[msg.sender][_spender] == 0);
        allowance[msg.sender][_spender] = _value;
        return true;
    }
}

// The first to submit the preimage wins; the answer is readable in the pending transaction.
contract HashPuzzle {
    bytes32 public constant TARGET = 0x60298f78cc0b47170ba79c10aa3851d7648bd96f2f8e46a19dbc777c36fb0c00;

    function() public payable {}

    function solve(string solution) public {
        require(keccak256(solution) == TARGET); // expect: missing-commit-reveal
        msg.sender.transfer(1000 ether);
    }
}

contract QuizPrize {
    address public host;
    bytes32 public answerHash;
    mapping(address => bytes32) public commitments;
    mapping(address => uint256) public committedAt;

    function QuizPrize(bytes32 h) public payable {
        host = msg.sender;
        answerHash = h;
    }

    function commit(bytes32 c) public {
        commitments[msg.sender] = c;
        committedAt[msg.sender] = block.number;
    }

    function reveal(string answer, bytes32 salt) public {
        require(block.number > committedAt[msg.sender]);
        require(keccak256(answer, salt, msg.sender) == commitments[msg.sender]);
        require(keccak256(answer) == answerHash);
        msg.sender.transfer(this.balance);
    }
}
