// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

abstract contract Guard {
    uint256 private status = 1;
    modifier nonReentrant() {
        require(status == 1, "reentrant");
        status = 2;
        _;
        status = 1;
    }
}

contract EtherStoreGuarded is Guard {
    mapping(address => uint256) public balances;

    function deposit() external payable {
        balances[msg.sender] += msg.value;
    }

    function withdrawAll() external nonReentrant {
        uint256 bal = balances[msg.sender];
        (bool sent, ) = msg.sender.call{value: bal}("");
        require(sent, "send failed");
        balances[msg.sender] = 0;
    }
}

contract AirdropCei {
    mapping(address => uint256) internal pending;
    mapping(address => bool) internal claimed;

    function fund(address user) external payable {
        pending[user] += msg.value;
    }

    function claim() external {
        require(!claimed[msg.sender], "claimed");
        uint256 amount = pending[msg.sender];
        claimed[msg.sender] = true;
        pending[msg.sender] = 0;
        (bool ok, ) = payable(msg.sender).call{value: amount}("");
        require(ok);
    }
}
