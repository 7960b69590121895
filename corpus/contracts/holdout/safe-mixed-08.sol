// SPDX-License-Identifier: MIT
pragma solidity 0.8.20;

contract Drip {
    mapping(address => uint256) public lastBlock;

    receive() external payable {}

    function drip() external {
        require(block.number > lastBlock[msg.sender] + 100, "wait");
        lastBlock[msg.sender] = block.number;
        payable(msg.sender).transfer(0.01 ether);
    }
}

contract OracleLottery {
    address public immutable coordinator;
    address[] public players;
    address public lastWinner;

    constructor(address c) {
        coordinator = c;
    }

    function enter() external payable {
        require(msg.value == 0.01 ether, "fee");
        players.push(msg.sender);
    }

    function fulfillRandomness(bytes32, uint256 randomness) external {
        require(msg.sender == coordinator, "coordinator");
        lastWinner = players[randomness % players.length];
        (bool ok, ) = payable(lastWinner).call{value: address(this).balance}(""); // expect: dos-failing-call
        require(ok, "pay");
    }
}

contract Notes {
    event Noted(address who, uint256 at);

    function note() external {
        emit Noted(msg.sender, block.timestamp);
    }
}

contract AdminSet {
    address public owner = msg.sender;
    address[] public admins;

    function add(address a) external {
        require(msg.sender == owner, "owner");
        admins.push(a);
    }

    function reset() external {
        require(msg.sender == owner, "owner");
        delete admins;
    }

    function batch(address[] calldata list) external {
        require(msg.sender == owner, "owner");
        require(list.length <= 20, "too many");
        for (uint256 i = 0; i < list.length; i++) admins.push(list[i]);
    }
}
