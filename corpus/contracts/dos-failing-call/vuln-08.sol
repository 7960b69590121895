// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

contract Throne {
    address payable public ruler;
    uint256 public tribute;

    function claim() external payable {
        require(msg.value > tribute, "low");
        (bool ok, ) = ruler.call{value: tribute}(""); // expect: dos-failing-call, reentrancy-eth
        require(ok, "refund failed");
        ruler = payable(msg.sender);
        tribute = msg.value;
    }
}

contract Turns {
    address payable[] public seats;
    uint256 public turn;

    function join() external payable {
        require(msg.value == 1 ether);
        seats.push(payable(msg.sender));
    }

    function next() external {
        seats[turn].transfer(1 ether); // expect: dos-failing-call
        turn += 1;
    }
}
