// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

contract OrdersRunning {
    struct Order { address maker; uint256 amount; }
    Order[] public book;
    uint256 public volume;

    function place(uint256 amount) external {
        book.push(Order(msg.sender, amount));
        volume += amount;
    }
}

contract VotesPaged {
    address[] public voters;
    mapping(address => bool) public counted;
    uint256 public cursor;

    function vote() external {
        voters.push(msg.sender);
    }

    function tally(uint256 batch) external returns (uint256 n) {
        require(batch <= 100);
        uint256 end = cursor + batch;
        for (uint256 i = cursor; i < end; ++i) {
            if (!counted[voters[i]]) {
                counted[voters[i]] = true;
                n++;
            }
        }
        cursor = end;
    }
}
