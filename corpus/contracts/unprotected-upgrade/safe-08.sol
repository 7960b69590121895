// SPDX-License-Identifier: MIT
pragma solidity 0.8.20;

contract SimpleProxyAdmin {
    address public implementation;
    address public admin = msg.sender;

    function upgrade(address newImpl) external {
        require(msg.sender == admin, "admin");
        implementation = newImpl;
    }

    fallback() external payable {
        (bool ok, ) = implementation.delegatecall(msg.data);
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

contract TokenV1Owned is UUPSLike {
    address public owner = msg.sender;
    function _authorizeUpgrade(address) internal view override {
        require(msg.sender == owner, "owner");
    }
}

contract DispatcherOwned {
    address public target;
    address public owner = msg.sender;

    modifier onlyOwner() { require(msg.sender == owner); _; }

    function setTarget(address t) public onlyOwner {
        target = t;
    }

    fallback() external {
        (bool ok, ) = target.delegatecall(msg.data);
        require(ok);
    }
}
