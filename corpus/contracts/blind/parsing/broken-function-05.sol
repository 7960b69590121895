pragma solidity ^0.5.0;

// One function of this file does not parse (a stray token left by a bad merge); the rest must
// still be analysed.
contract Garbled {
    uint256 public total;

    function add(uint256 x) public {
        total = total + x +;
    }
}

contract StillAnalysed {
    address payable public owner;

    constructor() public {
        owner = msg.sender;
    }

    function setOwner(address payable next) public { // expect: unprotected-owner-change
        owner = next;
    }

    function collect() public {
        require(msg.sender == owner);
        owner.transfer(address(this).balance);
    }

    function () external payable {}
}

contract AlsoAnalysed {
    function roll() public view returns (uint256) {
        return uint256(keccak256(abi.encodePacked(block.timestamp))) % 6; // expect: weak-randomness
    }
}
