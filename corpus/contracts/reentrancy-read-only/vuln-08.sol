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

contract Pool is Lock {
    uint256 public totalShares;
    uint256 public totalAssets;
    mapping(address => uint256) public shares;

    function sharePrice() external view returns (uint256) {
        return totalAssets * 1e18 / totalShares;
    }

    function redeem(uint256 amount) external nonReentrant {
        uint256 assets = amount * totalAssets / totalShares;
        shares[msg.sender] -= amount;
        (bool ok, ) = msg.sender.call{value: assets}(""); // expect: reentrancy-read-only
        require(ok);
        totalShares -= amount;
        totalAssets -= assets;
    }
}

contract Staking is Lock {
    mapping(address => uint256) public staked;
    uint256 public stakedTotal;

    function rewardRate(address user) external view returns (uint256) {
        return staked[user] * 100 / (stakedTotal + 1);
    }

    function unstake() external nonReentrant {
        uint256 amount = staked[msg.sender];
        (bool ok, ) = payable(msg.sender).call{value: amount}(""); // expect: reentrancy-read-only
        require(ok);
        staked[msg.sender] = 0;
        stakedTotal -= amount;
    }
}

interface IHook { function onWithdraw(uint256 amount) external; }

contract Lending is Lock {
    mapping(address => uint256) public debt;

    function healthOf(address user) external view returns (uint256) {
        return debt[user];
    }

    function repayWithHook(IHook hook, uint256 amount) external nonReentrant {
        hook.onWithdraw(amount); // expect: reentrancy-read-only
        debt[msg.sender] -= amount;
    }
}

contract Auction is Lock {
    uint256 public highest;
    address public leader;

    function currentBid() external view returns (uint256) { return highest; }

    function outbid() external payable nonReentrant {
        require(msg.value > highest);
        (bool ok, ) = leader.call{value: highest}(""); // expect: reentrancy-read-only, dos-failing-call
        require(ok);
        highest = msg.value;
        leader = msg.sender;
    }
}

contract Oracleish is Lock {
    uint256 public reserve;
    address public keeper = msg.sender;

    function price() external view returns (uint256) { return reserve; }

    function skim(address payable to) external nonReentrant {
        require(msg.sender == keeper);
        (bool ok, ) = to.call{value: 1 ether}(""); // expect: reentrancy-read-only
        require(ok);
        reserve -= 1 ether;
    }
}
