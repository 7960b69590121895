// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

abstract contract Initializable {
    bool private _initialized;
    modifier initializer() {
        require(!_initialized, "initialized");
        _initialized = true;
        _;
    }
}

contract WalletLibraryFixed {
    address public owner;
    uint256 public dailyLimit;

    function initWallet(address _owner, uint256 _limit) public {
        require(owner == address(0), "already");
        owner = _owner;
        dailyLimit = _limit;
    }
}

contract VaultImplFixed is Initializable {
    address public admin;
    address public asset;

    function initialize(address _admin, address _asset) external initializer {
        admin = _admin;
        asset = _asset;
    }
}

contract StakingImplFixed {
    address public rewardsToken;
    address public operator;
    uint256 public rate;
    bool public configured;

    function setup(address token, uint256 r) public {
        require(!configured, "configured");
        configured = true;
        rewardsToken = token;
        rate = r;
        operator = msg.sender;
    }
}
