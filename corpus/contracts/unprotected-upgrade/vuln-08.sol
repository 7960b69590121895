// SPDX-License-Identifier: MIT
pragma solidity 0.8.20;

contract SimpleProxy {
    address public implementation;
    address public admin = msg.sender;

    function upgrade(address newImpl) external { // expect: unprotected-upgrade
        implementation = newImpl;
    }

    fallback() external payable {
        (bool ok, ) = implementation.delegatecall(msg.data); // expect: controlled-delegatecall
        require(ok);
    }
}

abstract contract UUPSLike {
    address internal _logic;
    function _authorizeUpgrade(address newImplementation) internal virtual;
    function upgradeTo(address newImplementation) external {
        _authorizeUpgrade(newImplementation);
        _logic = newImplementation;
    }
}

contract TokenV1 is UUPSLike {
    function _authorizeUpgrade(address) internal override {} // expect: unprotected-upgrade
}

contract Dispatcher {
    address public target;
    address public owner = msg.sender;

    function setTarget(address t) public { // expect: unprotected-upgrade
        target = t;
    }

    fallback() external {
        (bool ok, ) = target.delegatecall(msg.data); // expect: controlled-delegatecall
        require(ok);
    }
}
