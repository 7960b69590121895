// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
}

contract Airdrop {
    IERC20 public immutable token;
    address public immutable owner = msg.sender;

    constructor(IERC20 t) { token = t; }

    function drop(address[] calldata to, uint256 amount) external {
        require(msg.sender == owner);
        for (uint256 i = 0; i < to.length; i++) {
            require(token.transfer(to[i], amount), "transfer"); // expect: dos-call-in-loop
        }
    }
}

contract Payroll {
    address payable[] public staff;
    address public immutable owner = msg.sender;

    function hire(address payable s) external {
        require(msg.sender == owner);
        staff.push(s);
    }

    function payAll(uint256 each) external {
        require(msg.sender == owner);
        uint256 i = 0;
        while (i < staff.length) {
            (bool ok, ) = staff[i].call{value: each}(""); // expect: dos-call-in-loop
            require(ok, "pay");
            i++;
        }
    }
}

interface IHook { function notify(uint256 round) external; }

contract Notifier {
    IHook[] public hooks;
    address public immutable owner = msg.sender;

    function register(IHook h) external {
        require(msg.sender == owner);
        hooks.push(h);
    }

    function fire(uint256 round) external {
        require(msg.sender == owner);
        for (uint256 i; i < hooks.length; ++i) hooks[i].notify(round); // expect: dos-call-in-loop
    }
}
