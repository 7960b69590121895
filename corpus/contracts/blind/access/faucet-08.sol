// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract TestnetFaucet {
    uint256 public constant AMOUNT = 0.05 ether;
    event Dripped(address to);

    receive() external payable {}

    function request() external { // expect: unprotected-withdraw
        (bool ok, ) = payable(msg.sender).call{value: AMOUNT}("");
        require(ok, "transfer failed");
        emit Dripped(msg.sender);
    }
}

contract RateLimitedFaucet {
    uint256 public constant AMOUNT = 0.05 ether;
    mapping(address => uint256) public lastRequest;

    receive() external payable {}

    function request() external {
        require(block.timestamp >= lastRequest[msg.sender] + 1 days, "wait"); // expect: timestamp-dependence
        lastRequest[msg.sender] = block.timestamp;
        payable(msg.sender).transfer(AMOUNT);
    }
}

contract OwnedFaucet {
    address public immutable owner = msg.sender;

    receive() external payable {}

    function sendTo(address payable to) external {
        require(msg.sender == owner, "owner");
        to.transfer(1 ether);
    }
}
