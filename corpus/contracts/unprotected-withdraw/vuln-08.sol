// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

contract Treasury {
    address public owner = msg.sender;
    receive() external payable {}

    function rescue(uint256 amount) external { // expect: unprotected-withdraw
        (bool ok, ) = payable(msg.sender).call{value: amount}("");
        require(ok);
    }
}

contract FeeCollector {
    address public feeTo;
    constructor(address f) { feeTo = f; }
    receive() external payable {}

    function collect() external { // expect: unprotected-withdraw
        payable(msg.sender).transfer(address(this).balance);
    }
}
