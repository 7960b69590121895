pragma solidity 0.5.17;

contract RouterOwned {
    address public logic;
    address public owner;

    constructor(address l) public { logic = l; owner = msg.sender; }

    function _setImplementation(address l) internal { logic = l; }

    function updateLogic(address l) public {
        require(msg.sender == owner);
        _setImplementation(l);
    }

    function () external payable {
        (bool ok, ) = logic.delegatecall(msg.data);
        require(ok);
    }
}

contract RegistryOwned {
    mapping(bytes32 => address) public masterCopy;
    address public owner = msg.sender;

    function registerMaster(bytes32 id, address impl) public {
        require(msg.sender == owner);
        masterCopy[id] = impl;
    }
}
