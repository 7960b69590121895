// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

interface IERC20 {
    function balanceOf(address a) external view returns (uint256);
}

contract SevenPlayersCounted {
    uint256 public players;
    address public winner;

    function play() external payable {
        require(msg.value == 1 ether);
        players += 1;
        if (players == 7) winner = msg.sender;
    }

    function claim() external {
        require(msg.sender == winner);
        payable(msg.sender).transfer(address(this).balance);
    }
}

contract TokenGateGte {
    IERC20 public immutable token;
    uint256 public expected;

    constructor(IERC20 t) { token = t; }

    function settle() external {
        require(token.balanceOf(address(this)) >= expected, "short");
        expected = 0;
    }
}

contract UserBalanceCheck {
    mapping(address => uint256) public stake;

    function exitIfEmpty(address user) external view returns (bool) {
        return user.balance == 0 && stake[user] == 0;
    }
}
