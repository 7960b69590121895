// SPDX-License-Identifier: MIT
pragma solidity 0.8.20;

contract VaultFixed {
    address public owner = msg.sender;

    receive() external payable {}

    function withdraw(address payable to) external {
        if (msg.sender != owner) revert("not owner");
        to.transfer(address(this).balance);
    }
}

contract ConfigFixed {
    address public governor = msg.sender;
    uint256 public fee;
    event FeeSet(address origin, uint256 fee);

    function setFee(uint256 newFee) external {
        require(msg.sender == governor, "gov");
        fee = newFee;
        emit FeeSet(tx.origin, newFee);
    }
}
