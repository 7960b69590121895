pragma solidity ^0.6.0;

contract FeeCollector {
    address payable public treasury;
    uint256 public collected;

    constructor(address payable t) public {
        treasury = t;
    }

    receive() external payable {
        collected += msg.value;
    }

    function forward(address payable to, uint256 amount) external { // expect: arbitrary-send-eth
        to.transfer(amount);
    }

    function payTreasury() external {
        treasury.transfer(address(this).balance);
    }
}

contract Splitter {
    address payable[] public payees;
    address public owner;

    constructor() public {
        owner = msg.sender;
    }

    function addPayee(address payable p) external {
        require(msg.sender == owner);
        payees.push(p);
    }

    // anyone may trigger the split, but the recipients are fixed by the owner
    function split() external {
        uint256 share = address(this).balance / payees.length;
        for (uint256 i = 0; i < payees.length; i++) {
            payees[i].transfer(share); // expect: dos-call-in-loop
        }
    }

    // relaying your own ETH to an address you choose moves nothing of the contract's
    function relay(address payable to) external payable {
        to.transfer(msg.value);
    }

    receive() external payable {}
}
