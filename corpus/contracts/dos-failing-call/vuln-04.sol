pragma solidity 0.4.24;

contract KingOfEther {
    address public king;
    uint public prize;

    function () public payable {
        require(msg.value > prize);
        king.transfer(prize); // expect: dos-failing-call
        king = msg.sender;
        prize = msg.value;
    }
}

contract Auction {
    address public highestBidder;
    uint public highestBid;

    function bid() public payable {
        require(msg.value > highestBid);
        if (highestBidder != 0) {
            require(highestBidder.send(highestBid)); // expect: dos-failing-call
        }
        highestBidder = msg.sender;
        highestBid = msg.value;
    }
}

contract Relay {
    address public lastCaller;
    uint public fee = 1 finney;

    function call() public payable {
        require(msg.value == fee);
        if (!lastCaller.send(fee / 2)) revert(); // expect: dos-failing-call
        lastCaller = msg.sender;
    }
}
