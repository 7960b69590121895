// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

contract EtherStore {
    mapping(address => uint256) public balances;

    function deposit() external payable {
        balances[msg.sender] += msg.value;
    }

    function withdrawAll() external {
        uint256 bal = balances[msg.sender];
        require(bal > 0, "empty");
        (bool sent, ) = msg.sender.call{value: bal}(""); // expect: reentrancy-eth
        require(sent, "send failed");
        balances[msg.sender] = 0;
    }

    function transferCredit(address to, uint256 amount) external {
        require(balances[msg.sender] >= amount);
        balances[msg.sender] -= amount;
        balances[to] += amount;
    }
}

abstract contract Rewards {
    mapping(address => uint256) internal pending;
    mapping(address => bool) internal claimed;
}

contract Airdrop is Rewards {
    function fund(address user) external payable {
        pending[user] += msg.value;
    }

    function claim() external {
        require(!claimed[msg.sender], "claimed");
        uint256 amount = pending[msg.sender];
        (bool ok, ) = payable(msg.sender).call{value: amount}(""); // expect: reentrancy-eth
        require(ok);
        claimed[msg.sender] = true;
        pending[msg.sender] = 0;
    }
}
