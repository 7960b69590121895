pragma solidity 0.5.17;

contract Router {
    address public logic;
    address public owner;

    constructor(address l) public { logic = l; owner = msg.sender; }

    function _setImplementation(address l) internal { logic = l; }

    function updateLogic(address l) public {
        _setImplementation(l); // expect: unprotected-upgrade
    }

    function () external payable {
        (bool ok, ) = logic.delegatecall(msg.data);
        require(ok);
    }
}

contract Registry {
    mapping(bytes32 => address) public masterCopy;
    address public owner = msg.sender;

    function registerMaster(bytes32 id, address impl) public {
        masterCopy[id] = impl; // expect: unprotected-upgrade
    }

    function run(bytes32 id, bytes memory data) public {
        require(msg.sender == owner);
        (bool ok, ) = masterCopy[id].delegatecall(data);
        require(ok);
    }
}
