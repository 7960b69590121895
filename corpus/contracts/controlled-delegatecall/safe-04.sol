pragma solidity 0.4.24;

contract ProxyOwned {
    address public owner = msg.sender;

    function forward(address callee, bytes _data) public {
        require(msg.sender == owner);
        require(callee.delegatecall(_data));
    }
}

contract PluginOwned {
    address public plugin;
    address public owner = msg.sender;

    function setPlugin(address p) public {
        require(msg.sender == owner);
        plugin = p;
    }

    function runPlugin() public {
        require(plugin.delegatecall(bytes4(keccak256("run()"))));
    }
}

contract FixedLibrary {
    address constant LIB = 0x1234567890123456789012345678901234567890;

    function exec(bytes _data) public {
        require(LIB.delegatecall(_data));
    }
}
