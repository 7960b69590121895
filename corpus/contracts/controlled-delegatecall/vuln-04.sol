pragma solidity 0.4.24;

contract Proxy {
    address public owner = msg.sender;

    function forward(address callee, bytes _data) public {
        require(callee.delegatecall(_data)); // expect: controlled-delegatecall
    }
}

contract Plugin {
    address public plugin;
    address public owner = msg.sender;

    function setPlugin(address p) public { // expect: unprotected-upgrade
        plugin = p;
    }

    function runPlugin() public {
        require(plugin.delegatecall(bytes4(keccak256("run()")))); // expect: controlled-delegatecall
    }
}

contract OldStyle {
    address public owner = msg.sender;

    function exec(address lib, bytes4 sig) public {
        lib.callcode(sig); // expect: controlled-delegatecall, unchecked-lowlevel
    }
}
