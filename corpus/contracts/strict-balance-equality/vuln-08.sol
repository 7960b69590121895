// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

interface IERC20 {
    function balanceOf(address a) external view returns (uint256);
    function transfer(address to, uint256 v) external returns (bool);
}

contract SevenPlayers {
    uint256 public constant TARGET = 7 ether;
    address public winner;

    function play() external payable {
        require(msg.value == 1 ether);
        uint256 balance = address(this).balance;
        if (address(this).balance == TARGET) { // expect: strict-balance-equality
            winner = msg.sender;
        }
        require(balance <= TARGET);
    }

    function claim() external {
        require(msg.sender == winner);
        payable(msg.sender).transfer(address(this).balance);
    }
}

contract TokenGate {
    IERC20 public immutable token;
    uint256 public expected;

    constructor(IERC20 t) { token = t; }

    function settle() external {
        require(token.balanceOf(address(this)) == expected, "mismatch"); // expect: strict-balance-equality
        expected = 0;
    }
}

contract Empty {
    address payable public owner = payable(msg.sender);

    receive() external payable {}

    function close() external {
        require(msg.sender == owner);
        require(address(this).balance != 0); // expect: strict-balance-equality
        owner.transfer(address(this).balance);
    }
}
