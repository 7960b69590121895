pragma solidity ^0.8.0;

// Block values used for deadlines, bookkeeping and ids, never to pick an outcome.
contract Auction { // expect: locked-ether
    uint256 public endBlock;
    uint256 public createdAt;
    address public highest;
    uint256 public highestBid;

    constructor(uint256 blocks) {
        endBlock = block.number + blocks;
        createdAt = block.timestamp;
    }

    function bid() external payable {
        require(block.number < endBlock, "over");
        require(msg.value > highestBid, "low");
        highest = msg.sender;
        highestBid = msg.value;
    }
}

contract CommitRevealDice {
    struct Commit {
        bytes32 hash;
        uint256 blockNumber;
    }
    mapping(address => Commit) public commits;
    mapping(address => uint256) public results;

    function commit(bytes32 hash) external {
        commits[msg.sender] = Commit(hash, block.number);
    }

    function reveal(uint256 secret) external {
        Commit memory c = commits[msg.sender];
        require(c.blockNumber != 0 && block.number > c.blockNumber, "too early");
        require(keccak256(abi.encodePacked(secret, msg.sender)) == c.hash, "bad reveal");
        results[msg.sender] = (secret % 6) + 1;
        delete commits[msg.sender];
    }
}

contract OrderBook {
    mapping(bytes32 => address) public makers;
    uint256 public nonce;

    event Placed(bytes32 id, address maker, uint256 at);

    function place() external returns (bytes32 id) {
        nonce++;
        id = keccak256(abi.encodePacked(msg.sender, nonce));
        makers[id] = msg.sender;
        emit Placed(id, msg.sender, block.timestamp);
    }
}

contract Vesting {
    uint256 public immutable start = block.timestamp;
    uint256 public constant DURATION = 365 days;
    uint256 public total;

    function vested() public view returns (uint256) {
        if (block.timestamp >= start + DURATION) return total;
        return (total * (block.timestamp - start)) / DURATION;
    }
}
