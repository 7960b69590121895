// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

contract ForwarderGas {
    mapping(bytes32 => bool) public done;

    function execute(address to, bytes calldata data, bytes32 id, uint256 gasLimit) external {
        require(!done[id], "replay");
        require(gasleft() > gasLimit + gasLimit / 63, "gas");
        done[id] = true;
        (bool success, ) = to.call{gas: gasLimit}(data);
        require(success, "inner call failed");
    }
}

contract FixedCall {
    address public immutable target;
    uint256 public pokes;

    constructor(address t) { target = t; }

    function poke() external {
        pokes += 1;
        (bool ok, ) = target.call(abi.encodeWithSignature("poke()"));
        require(ok);
    }
}

contract ViewProbe {
    function probe(address target, bytes calldata data) external view returns (bool ok) {
        (ok, ) = target.staticcall(data);
    }
}
