// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

contract Bounty {
    uint256 public reward = 1 ether;
    receive() external payable {}

    function payBounty(address payable hunter) external { // expect: arbitrary-send-eth
        hunter.transfer(reward);
    }
}

contract Distributor {
    receive() external payable {}

    function distribute(address payable recipient, uint256 amount) external { // expect: arbitrary-send-eth
        _pay(recipient, amount);
    }

    function _pay(address payable recipient, uint256 amount) internal {
        (bool ok, ) = recipient.call{value: amount}("");
        require(ok);
    }
}
