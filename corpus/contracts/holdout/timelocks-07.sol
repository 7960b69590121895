pragma solidity ^0.7.0;

contract Vesting {
    address payable public beneficiary;
    uint256 public start;
    uint256 public cliff;
    uint256 public released;

    constructor(address payable b, uint256 cliffDays) payable {
        beneficiary = b;
        start = block.timestamp;
        cliff = start + cliffDays * 1 days;
    }

    function release() external {
        require(block.timestamp >= cliff, "cliff"); // expect: timestamp-dependence
        uint256 amount = address(this).balance;
        released += amount;
        beneficiary.transfer(amount);
    }
}

contract BirthdayGift {
    uint256 public birthday;
    address payable public kid;

    constructor(address payable k, uint256 when) payable {
        kid = k;
        birthday = when;
    }

    function open() external {
        uint256 today = block.timestamp / 1 days; // expect: timestamp-dependence
        if (today == birthday / 1 days) {
            kid.transfer(address(this).balance);
        }
    }
}
