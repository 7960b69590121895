pragma solidity ^0.4.24;

contract LogicCore {
    address public owner;
    uint256 public limit;

    function initialize(address _owner, uint256 _limit) public { // expect: unprotected-initializer
        owner = _owner;
        limit = _limit;
    }

    function spend(address to, uint256 value) public {
        require(msg.sender == owner);
        require(value <= limit);
        to.transfer(value);
    }
}

contract CoreProxy {
    address public owner;
    uint256 public limit;
    LogicCore public core;

    constructor(LogicCore c) public {
        core = c;
    }

    function () public payable {
        require(address(core).delegatecall(msg.data)); // expect: delegatecall-forwarding
    }
}
