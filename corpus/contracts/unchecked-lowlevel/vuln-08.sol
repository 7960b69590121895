// SPDX-License-Identifier: MIT
pragma solidity 0.8.17;

contract Payroll {
    address public immutable admin = msg.sender;
    mapping(address => uint256) public salary;

    function paySalary(address payable employee) external {
        require(msg.sender == admin, "admin");
        uint256 amount = salary[employee];
        salary[employee] = 0;
        employee.call{value: amount}(""); // expect: unchecked-lowlevel
    }
}

contract Multicall {
    address public immutable owner = msg.sender;

    function exec(address target, bytes calldata data) external {
        require(msg.sender == owner);
        (bool success, ) = target.call(data); // expect: unchecked-lowlevel
        emit Done(target);
    }

    event Done(address target);
}
