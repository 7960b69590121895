pragma solidity 0.4.24;

contract KingPull {
    address public king;
    uint public prize;
    mapping(address => uint) public pending;

    function () public payable {
        require(msg.value > prize);
        pending[king] += prize;
        king = msg.sender;
        prize = msg.value;
    }

    function withdraw() public {
        uint amount = pending[msg.sender];
        pending[msg.sender] = 0;
        msg.sender.transfer(amount);
    }
}

contract AuctionPull {
    address public highestBidder;
    uint public highestBid;
    mapping(address => uint) public refunds;

    function bid() public payable {
        require(msg.value > highestBid);
        refunds[highestBidder] += highestBid;
        highestBidder = msg.sender;
        highestBid = msg.value;
    }

    function refund() public {
        uint r = refunds[msg.sender];
        refunds[msg.sender] = 0;
        msg.sender.transfer(r);
    }
}

contract RelayOwnerFee {
    address public owner = msg.sender;
    uint public fee = 1 finney;

    function call() public payable {
        require(msg.value == fee);
        owner.transfer(fee);
    }
}
