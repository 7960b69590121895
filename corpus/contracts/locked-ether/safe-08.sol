// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

contract TipsForwarded {
    address payable public immutable beneficiary;

    constructor(address payable b) { beneficiary = b; }

    receive() external payable {
        (bool ok, ) = beneficiary.call{value: msg.value}("");
        require(ok);
    }
}

interface IERC20 { function transfer(address to, uint256 v) external returns (bool); }

contract PresaleWithdraw {
    IERC20 public immutable token;
    address payable public immutable owner = payable(msg.sender);

    constructor(IERC20 t) { token = t; }

    function buy() external payable {
        require(token.transfer(msg.sender, msg.value * 1000));
    }

    function withdraw() external {
        require(msg.sender == owner);
        owner.transfer(address(this).balance);
    }
}
