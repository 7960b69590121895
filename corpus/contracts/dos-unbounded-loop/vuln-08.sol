// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

contract Orders {
    struct Order { address maker; uint256 amount; }
    Order[] public book;

    function place(uint256 amount) external {
        book.push(Order(msg.sender, amount));
    }

    function totalVolume() external returns (uint256 v) {
        for (uint256 i = 0; i < book.length; i++) { // expect: dos-unbounded-loop
            v += book[i].amount;
        }
        lastVolume = v;
    }

    uint256 public lastVolume;
}

contract Votes {
    address[] public voters;
    mapping(address => bool) public counted;

    function vote() external {
        voters.push(msg.sender);
    }

    function tally() external returns (uint256 n) {
        for (uint256 i; i < voters.length; ++i) { // expect: dos-unbounded-loop
            if (!counted[voters[i]]) {
                counted[voters[i]] = true;
                n++;
            }
        }
    }
}
