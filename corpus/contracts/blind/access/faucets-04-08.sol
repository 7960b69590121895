pragma solidity ^0.4.24;

// Anyone can call as often as they like and take a fixed amount each time.
contract OpenFaucet {
    function() public payable {}

    function drip() public { // expect: unprotected-withdraw
        msg.sender.transfer(1 ether);
    }
}

contract Refunder {
    address public manager;
    uint256 public refunds;

    constructor() public {
        manager = msg.sender;
    }

    function() public payable {}

    function claimRefund() public { // expect: unprotected-withdraw
        require(address(this).balance >= 0.5 ether);
        refunds += 1;
        msg.sender.send(0.5 ether); // expect: unchecked-lowlevel
    }
}

// One drip per address, enforced.
contract FairFaucet {
    mapping(address => bool) public claimed;

    function() public payable {}

    function drip() public {
        require(!claimed[msg.sender]);
        claimed[msg.sender] = true;
        msg.sender.transfer(0.1 ether);
    }
}

// A payout that is part of a game the caller pays into.
contract DoubleOrNothing {
    function play() public payable {
        require(msg.value == 0.1 ether);
        if (uint256(blockhash(block.number - 1)) % 2 == 0) { // expect: weak-randomness
            msg.sender.transfer(0.2 ether);
        }
    }
}
