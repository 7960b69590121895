// SPDX-License-Identifier: MIT
pragma solidity 0.8.20;

contract Vault {
    address public owner = msg.sender;

    receive() external payable {}

    function withdraw(address payable to) external {
        if (tx.origin != owner) revert("not owner"); // expect: tx-origin
        to.transfer(address(this).balance);
    }
}

contract Config {
    address public governor = msg.sender;
    uint256 public fee;

    function setFee(uint256 newFee) external {
        require(tx.origin == governor, "gov"); // expect: tx-origin
        fee = newFee;
    }
}
