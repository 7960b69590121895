pragma solidity ^0.6.0;

contract Base {
    address public owner;

    constructor() public {
        owner = msg.sender;
    }

    modifier onlyOwner() {
        require(msg.sender == owner, "owner");
        _;
    }
}

contract Derived is Base {
    address public owner; // expect: shadowing

    constructor(address o) public {
        owner = o;
    }

    function rescue() external onlyOwner {
        msg.sender.transfer(address(this).balance);
    }

    receive() external payable {}
}

contract Pricing {
    uint256 public price = 1 ether;

    function quote(uint256 qty) external view returns (uint256) {
        uint256 price = qty * 2; // expect: shadowing
        return price;
    }
}
