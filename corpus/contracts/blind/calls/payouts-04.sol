pragma solidity ^0.4.23;

contract Payroll {
    address public owner;
    mapping(address => uint) public salary;

    constructor() public {
        owner = msg.sender;
    }

    function setSalary(address who, uint amount) public {
        require(msg.sender == owner);
        salary[who] = amount;
    }

    function pay(address who) public {
        require(msg.sender == owner);
        who.call.value(salary[who])(); // expect: unchecked-lowlevel
    }

    function payChecked(address who) public {
        require(msg.sender == owner);
        require(who.call.value(salary[who])());
    }

    function notify(address hook, bytes data) public {
        require(msg.sender == owner);
        hook.call(data); // expect: unchecked-lowlevel
    }
}

contract Relay {
    address public owner = msg.sender;

    function execute(address target, uint256 value, bytes payload) public returns (bool) {
        require(msg.sender == owner);
        bool ok = target.call.value(value)(payload); // expect: unchecked-lowlevel
        return true;
    }

    function executeStrict(address target, uint256 value, bytes payload) public {
        require(msg.sender == owner);
        bool ok = target.call.value(value)(payload);
        if (!ok) revert();
    }
}
