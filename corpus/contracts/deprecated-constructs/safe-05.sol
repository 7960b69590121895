pragma solidity 0.5.17;

contract Guarded {
    address payable owner = msg.sender;

    function close() public {
        require(msg.sender == owner, "owner");
        selfdestruct(owner);
    }
}

contract Hashes {
    function h(bytes memory data) public pure returns (bytes32) {
        return keccak256(data);
    }
}

contract Delegating {
    address public lib;
    address public owner = msg.sender;

    function run(bytes memory data) public {
        require(msg.sender == owner);
        (bool ok, ) = lib.delegatecall(data);
        require(ok);
    }
}
