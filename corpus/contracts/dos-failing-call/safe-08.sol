// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

contract ThronePull {
    address payable public ruler;
    uint256 public tribute;
    mapping(address => uint256) public credit;

    function claim() external payable {
        require(msg.value > tribute, "low");
        credit[ruler] += tribute;
        ruler = payable(msg.sender);
        tribute = msg.value;
    }

    function withdraw() external {
        uint256 amount = credit[msg.sender];
        credit[msg.sender] = 0;
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok);
    }
}

contract TurnsSkip {
    address payable[] public seats;
    uint256 public turn;
    mapping(address => uint256) public unpaid;

    function join() external payable {
        require(msg.value == 1 ether);
        seats.push(payable(msg.sender));
    }

    function next() external {
        address payable seat = seats[turn];
        turn += 1;
        if (!seat.send(1 ether)) unpaid[seat] += 1 ether;
    }
}
