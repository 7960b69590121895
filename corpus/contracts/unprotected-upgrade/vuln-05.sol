pragma solidity 0.5.17;

contract Router {
    address public logic;
    address public owner;

    constructor(address l) public { logic = l; owner = msg.sender; }

    function _setImplementation(address l) internal { logic = l; }

    function updateLogic(address l) public { // expect: unprotected-upgrade
        _setImplementation(l);
    }

    function () external payable {
        (bool ok, ) = logic.delegatecall(msg.data);
        require(ok);
    }
}

contract Registry {
    mapping(bytes32 => address) public masterCopy;
    address public owner = msg.sender;

    function registerMaster(bytes32 id, address impl) public { // expect: unprotected-upgrade
        masterCopy[id] = impl;
    }

    function run(bytes32 id, bytes memory data) public {
        require(msg.sender == owner);
        (bool ok, ) = masterCopy[id].delegatecall(data);
        require(ok);
    }
}
