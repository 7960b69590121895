// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

contract TreasuryOwned {
    address public owner = msg.sender;
    receive() external payable {}

    modifier onlyOwner() { require(msg.sender == owner, "owner"); _; }

    function rescue(uint256 amount) external onlyOwner {
        (bool ok, ) = payable(msg.sender).call{value: amount}("");
        require(ok);
    }
}

contract FeeCollectorFixed {
    address payable public feeTo;
    constructor(address payable f) { feeTo = f; }
    receive() external payable {}

    function collect() external {
        feeTo.transfer(address(this).balance);
    }
}
