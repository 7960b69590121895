// SPDX-License-Identifier: MIT
pragma solidity 0.7.6;

contract Deprecated {
    address payable public treasury;
    uint256 public endTime;

    constructor(address payable t) { treasury = t; endTime = 0; }

    function shutdown() external { // expect: unprotected-selfdestruct
        selfdestruct(treasury);
    }
}

contract Factoryish {
    address public admin;

    constructor() { admin = msg.sender; }

    modifier whenActive() { _; }

    function retire() external whenActive { // expect: unprotected-selfdestruct
        selfdestruct(payable(admin));
    }
}
