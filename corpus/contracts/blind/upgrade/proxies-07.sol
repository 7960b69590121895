pragma solidity ^0.7.6;

contract OpenProxy {
    address public implementation;
    address public admin;

    constructor(address impl) {
        implementation = impl;
        admin = msg.sender;
    }

    function upgradeTo(address newImplementation) external { // expect: unprotected-upgrade
        implementation = newImplementation;
    }

    fallback() external payable {
        (bool ok, ) = implementation.delegatecall(msg.data); // expect: controlled-delegatecall
        require(ok);
    }
}

contract AdminProxy {
    address public implementation;
    address public admin;

    constructor(address impl) {
        implementation = impl;
        admin = msg.sender;
    }

    function upgradeTo(address newImplementation) external {
        require(msg.sender == admin, "admin");
        implementation = newImplementation;
    }

    fallback() external payable {
        address impl = implementation;
        assembly {
            calldatacopy(0, 0, calldatasize())
            let result := delegatecall(gas(), impl, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            switch result
            case 0 { revert(0, returndatasize()) }
            default { return(0, returndatasize()) }
        }
    }
}

contract PluginHost {
    mapping(bytes4 => address) public plugins;
    address public owner = msg.sender;

    function install(bytes4 selector, address plugin) external {
        require(msg.sender == owner, "owner");
        plugins[selector] = plugin;
    }

    function run(address lib, bytes calldata data) external {
        lib.delegatecall(data); // expect: controlled-delegatecall, unchecked-lowlevel
    }
}
