// SPDX-License-Identifier: MIT
pragma solidity 0.8.21;

abstract contract Lock {
    bool private entered;
    modifier nonReentrant() {
        require(!entered);
        entered = true;
        _;
        entered = false;
    }
}

contract PoolFixed is Lock {
    uint256 public totalShares;
    uint256 public totalAssets;
    mapping(address => uint256) public shares;

    function sharePrice() external view returns (uint256) {
        return totalAssets * 1e18 / totalShares;
    }

    function redeem(uint256 amount) external nonReentrant {
        uint256 assets = amount * totalAssets / totalShares;
        shares[msg.sender] -= amount;
        totalShares -= amount;
        totalAssets -= assets;
        (bool ok, ) = msg.sender.call{value: assets}("");
        require(ok);
    }
}

contract StakingFixed is Lock {
    mapping(address => uint256) public staked;
    uint256 public stakedTotal;

    function rewardRate(address user) external view returns (uint256) {
        return staked[user] * 100 / (stakedTotal + 1);
    }

    function unstake() external nonReentrant {
        uint256 amount = staked[msg.sender];
        staked[msg.sender] = 0;
        stakedTotal -= amount;
        (bool ok, ) = payable(msg.sender).call{value: amount}("");
        require(ok);
    }
}

interface IHook { function onWithdraw(uint256 amount) external; }

contract LendingFixed is Lock {
    mapping(address => uint256) public debt;

    function healthOf(address user) external view returns (uint256) {
        return debt[user];
    }

    function repayWithHook(IHook hook, uint256 amount) external nonReentrant {
        debt[msg.sender] -= amount;
        hook.onWithdraw(amount);
    }
}

contract AuctionFixed is Lock {
    uint256 public highest;
    address public leader;
    mapping(address => uint256) public refunds;

    function currentBid() external view returns (uint256) { return highest; }

    function withdrawRefund() external nonReentrant {
        uint256 amount = refunds[msg.sender];
        refunds[msg.sender] = 0;
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok);
    }

    function outbid() external payable nonReentrant {
        require(msg.value > highest);
        refunds[leader] += highest;
        highest = msg.value;
        leader = msg.sender;
    }
}

contract OracleishFixed is Lock {
    uint256 public reserve;
    address public keeper = msg.sender;
    mapping(address => uint256) private internalLedger;

    function price() external view returns (uint256) { return reserve; }

    function skim(address payable to) external nonReentrant {
        require(msg.sender == keeper);
        reserve -= 1 ether;
        (bool ok, ) = to.call{value: 1 ether}("");
        require(ok);
        internalLedger[to] += 1;
    }
}
