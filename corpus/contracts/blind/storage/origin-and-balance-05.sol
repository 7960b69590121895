pragma solidity ^0.5.0;

contract PhishableWallet {
    address payable public owner;

    constructor() public {
        owner = msg.sender;
    }

    modifier onlyOwner() {
        require(tx.origin == owner); // expect: tx-origin
        _;
    }

    function () external payable {}

    function withdrawTo(address payable to, uint256 amount) public onlyOwner {
        to.transfer(amount);
    }
}

contract EOAOnly {
    mapping(address => uint256) public scores;

    // tx.origin compared with msg.sender only tells whether the caller is a contract
    function play() external {
        require(tx.origin == msg.sender, "no contracts");
        scores[msg.sender] += 1;
    }
}

contract ExactTarget {
    uint256 public constant TARGET = 10 ether;
    address public winner;

    function deposit() public payable {
        require(msg.value == 1 ether);
        if (address(this).balance == TARGET) { // expect: strict-balance-equality
            winner = msg.sender;
        }
    }

    function claim() public {
        require(msg.sender == winner);
        msg.sender.transfer(address(this).balance);
    }
}

contract Donations { // expect: locked-ether
    mapping(address => uint256) public given;

    // accepts ETH and keeps it forever: nothing can move it out
    function donate() external payable { }

    function record() external payable {
        given[msg.sender] += msg.value;
    }
}
