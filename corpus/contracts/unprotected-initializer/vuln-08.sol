// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

contract WalletLibrary {
    address public owner;
    uint256 public dailyLimit;

    function initWallet(address _owner, uint256 _limit) public { // expect: unprotected-initializer
        owner = _owner;
        dailyLimit = _limit;
    }

    function execute(address payable to, uint256 value) external {
        require(msg.sender == owner, "owner");
        to.transfer(value);
    }
}

contract VaultImpl {
    address public admin;
    address public asset;

    function initialize(address _admin, address _asset) external { // expect: unprotected-initializer
        admin = _admin;
        asset = _asset;
    }
}

contract StakingImpl {
    address public rewardsToken;
    address public operator;
    uint256 public rate;

    function setup(address token, uint256 r) public { // expect: unprotected-initializer
        rewardsToken = token;
        rate = r;
        operator = msg.sender;
    }

    function setRate(uint256 r) external {
        require(msg.sender == operator);
        rate = r;
    }
}
