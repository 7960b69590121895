// SPDX-License-Identifier: MIT
pragma solidity 0.7.6;

contract DeprecatedGuarded {
    address payable public treasury;
    address public admin = msg.sender;

    constructor(address payable t) { treasury = t; }

    function shutdown() external {
        if (msg.sender != admin) revert("admin only");
        selfdestruct(treasury);
    }
}

contract Roles {
    mapping(address => bool) public isAdmin;
    constructor() { isAdmin[msg.sender] = true; }
    modifier onlyAdmin() { require(isAdmin[msg.sender], "admin"); _; }
}

contract FactoryRoles is Roles {
    function retire() external onlyAdmin {
        selfdestruct(payable(msg.sender));
    }
}
