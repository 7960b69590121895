// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

contract KingOfTheHill {
    address payable public king;
    uint256 public prize;

    constructor() payable {
        king = payable(msg.sender);
        prize = msg.value;
    }

    receive() external payable {
        require(msg.value > prize, "too little");
        king.transfer(msg.value); // expect: dos-failing-call
        king = payable(msg.sender);
        prize = msg.value;
    }
}

contract PullRefundAuction {
    address public highestBidder;
    uint256 public highestBid;
    mapping(address => uint256) public pendingReturns;

    function bid() external payable {
        require(msg.value > highestBid, "low");
        if (highestBidder != address(0)) {
            pendingReturns[highestBidder] += highestBid;
        }
        highestBidder = msg.sender;
        highestBid = msg.value;
    }

    function withdrawRefund() external {
        uint256 amount = pendingReturns[msg.sender];
        pendingReturns[msg.sender] = 0;
        (bool ok, ) = payable(msg.sender).call{value: amount}("");
        require(ok, "refund");
    }
}

contract BatchAirdrop {
    address public owner = msg.sender;
    mapping(address => uint256) public balances;
    uint256 public constant MAX_BATCH = 100;

    function airdrop(address[] calldata to, uint256 amount) external {
        require(msg.sender == owner, "owner");
        require(to.length <= MAX_BATCH, "batch");
        for (uint256 i = 0; i < to.length; i++) {
            balances[to[i]] += amount;
        }
    }

    function total(uint256[] calldata values) external pure returns (uint256 s) {
        for (uint256 i = 0; i < values.length; i++) s += values[i];
    }
}
