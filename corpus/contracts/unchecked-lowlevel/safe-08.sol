// SPDX-License-Identifier: MIT
pragma solidity 0.8.17;

contract PayrollChecked {
    address public immutable admin = msg.sender;
    mapping(address => uint256) public salary;

    function paySalary(address payable employee) external {
        require(msg.sender == admin, "admin");
        uint256 amount = salary[employee];
        salary[employee] = 0;
        (bool ok, ) = employee.call{value: amount}("");
        require(ok, "payment failed");
    }
}

contract MulticallChecked {
    address public immutable owner = msg.sender;

    function exec(address target, bytes calldata data) external returns (bytes memory) {
        require(msg.sender == owner);
        (bool success, bytes memory result) = target.call(data);
        if (!success) revert("call failed");
        return result;
    }
}
