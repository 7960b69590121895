// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

contract Bounty {
    uint256 public reward = 1 ether;
    receive() external payable {}

    function payBounty(address payable hunter) external {
        hunter.transfer(reward); // expect: arbitrary-send-eth
    }
}

contract Distributor {
    receive() external payable {}

    function distribute(address payable recipient, uint256 amount) external {
        _pay(recipient, amount);
    }

    function _pay(address payable recipient, uint256 amount) internal {
        (bool ok, ) = recipient.call{value: amount}(""); // expect: arbitrary-send-eth
        require(ok);
    }
}
