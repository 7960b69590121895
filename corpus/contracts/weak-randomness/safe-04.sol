pragma solidity 0.4.24;

contract CommitRevealLottery {
    mapping(address => bytes32) public commitments;
    mapping(address => uint) public commitBlock;
    bytes32 public seed;

    function commit(bytes32 c) public payable {
        require(msg.value == 1 ether);
        commitments[msg.sender] = c;
        commitBlock[msg.sender] = block.number;
    }

    function reveal(uint secret) public {
        require(block.number > commitBlock[msg.sender]);
        require(keccak256(secret) == commitments[msg.sender]);
        seed = keccak256(seed, secret);
        commitments[msg.sender] = bytes32(0);
        msg.sender.transfer(1 ether);
    }
}

contract Ledger {
    mapping(bytes32 => uint) public receipts;

    function record(bytes32 id, uint amount) public {
        receipts[id] = amount;
    }
}

contract Epochs {
    uint public startBlock = block.number;

    function epoch() public view returns (uint) {
        return (block.number - startBlock) / 100;
    }
}
