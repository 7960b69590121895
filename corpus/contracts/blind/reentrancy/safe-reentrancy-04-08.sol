// SPDX-License-Identifier: MIT
pragma solidity ^0.8.10;

abstract contract ReentrancyGuard {
    uint256 private _status = 1;

    modifier nonReentrant() {
        require(_status == 1, "reentrant");
        _status = 2;
        _;
        _status = 1;
    }
}

contract SafeVault is ReentrancyGuard {
    struct Account {
        uint256 balance;
        uint256 withdrawn;
    }
    mapping(address => Account) private accounts;

    function deposit() external payable nonReentrant {
        accounts[msg.sender].balance += msg.value;
    }

    // effects before the interaction, through a storage pointer
    function withdraw(uint256 amount) external nonReentrant {
        Account storage a = accounts[msg.sender];
        require(a.balance >= amount, "balance");
        a.balance -= amount;
        a.withdrawn += amount;
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "send");
    }

    // writes after the call, but the lock covers every function that touches the state
    function withdrawAll() external nonReentrant {
        Account storage a = accounts[msg.sender];
        uint256 amount = a.balance;
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "send");
        a.balance = 0;
    }

    // a memory copy is written after the call; storage is untouched
    function preview() external view returns (uint256) {
        Account memory a = accounts[msg.sender];
        a.balance = 0;
        return a.withdrawn;
    }
}

contract Tipper {
    mapping(address => uint256) public tips;
    uint256 public totalTips;

    function tip(address payable to) external payable {
        tips[to] += msg.value;
        totalTips += msg.value;
        to.transfer(msg.value);
    }
}
