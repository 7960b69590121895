pragma solidity 0.6.12;

interface IMinter {
    function mintFor(address user, uint256 amount) external;
}

contract BridgeFixed {
    mapping(bytes32 => bool) public processed;

    function finalize(IMinter minter, bytes32 id, uint256 amount) external {
        require(!processed[id]);
        processed[id] = true;
        minter.mintFor(msg.sender, amount);
    }
}

contract CallbacksFixed {
    mapping(address => uint256) public credits;

    function notify(address hook, uint256 amount) external {
        require(credits[msg.sender] >= amount);
        credits[msg.sender] -= amount;
        (bool ok, ) = hook.call(abi.encodeWithSignature("onPaid(uint256)", amount));
        require(ok);
    }
}
