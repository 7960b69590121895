// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

contract BountyJudged {
    uint256 public reward = 1 ether;
    address public judge = msg.sender;
    receive() external payable {}

    function payBounty(address payable hunter) external {
        require(msg.sender == judge, "judge");
        hunter.transfer(reward);
    }
}

contract DistributorRoles {
    mapping(address => bool) public distributors;
    constructor() { distributors[msg.sender] = true; }
    receive() external payable {}

    function distribute(address payable recipient, uint256 amount) external {
        require(distributors[msg.sender], "role");
        _pay(recipient, amount);
    }

    function _pay(address payable recipient, uint256 amount) internal {
        (bool ok, ) = recipient.call{value: amount}("");
        require(ok);
    }
}
