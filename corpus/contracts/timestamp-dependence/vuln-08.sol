// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

contract DailyPrize {
    uint256 public lastPaid;

    receive() external payable {}

    function collect() external {
        require(block.timestamp % 86400 == 0, "not midnight"); // expect: timestamp-dependence, weak-randomness
        lastPaid = block.timestamp;
        payable(msg.sender).transfer(1 ether);
    }
}

contract SaleWindow {
    uint256 public end;
    address payable public seller;

    constructor(uint256 e, address payable s) { end = e; seller = s; }

    function settle() external {
        require(block.timestamp >= end, "open"); // expect: timestamp-dependence
        seller.transfer(address(this).balance);
    }
}
