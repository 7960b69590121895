// SPDX-License-Identifier: MIT
pragma solidity ^0.8.17;

contract Vault {
    struct Account {
        uint256 balance;
        uint64 lastDeposit;
        bool frozen;
    }

    mapping(address => Account) private accounts;

    function deposit() external payable {
        Account storage a = accounts[msg.sender];
        a.balance += msg.value;
        a.lastDeposit = uint64(block.timestamp);
    }

    function withdrawAll() external {
        Account storage a = accounts[msg.sender];
        require(!a.frozen, "frozen");
        uint256 amount = a.balance;
        (bool ok, ) = msg.sender.call{value: amount}(""); // expect: reentrancy-eth
        require(ok, "send failed");
        a.balance = 0;
    }

    function withdraw(uint256 amount) external {
        Account storage a = accounts[msg.sender];
        require(a.balance >= amount, "balance");
        (bool ok, ) = payable(msg.sender).call{value: amount}(""); // expect: reentrancy-eth
        require(ok, "send failed");
        a.balance -= amount;
    }
}

contract StakingPool {
    struct Stake {
        uint128 amount;
        uint128 rewardDebt;
    }

    mapping(address => Stake) public stakes;
    uint256 public totalStaked;

    function stake() external payable {
        Stake storage s = stakes[msg.sender];
        s.amount += uint128(msg.value);
        totalStaked += msg.value;
    }

    function unstake() external {
        Stake storage s = stakes[msg.sender];
        uint256 amount = s.amount;
        require(amount > 0, "nothing");
        _pay(msg.sender, amount);
        totalStaked -= amount;
        s.amount = 0;
    }

    function _pay(address to, uint256 amount) private {
        (bool ok, ) = to.call{value: amount}(""); // expect: reentrancy-eth
        require(ok, "pay");
    }
}
