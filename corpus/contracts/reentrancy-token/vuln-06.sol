pragma solidity 0.6.12;

interface IERC777Like {
    function send(address to, uint256 amount, bytes calldata data) external;
}

contract Distributor {
    IERC777Like public token;
    mapping(address => uint256) public owed;

    constructor(IERC777Like t) public { token = t; }

    function release() external {
        uint256 amount = owed[msg.sender];
        token.send(msg.sender, amount, ""); // expect: reentrancy-token
        owed[msg.sender] = 0;
    }
}

interface IMinter {
    function mintFor(address user, uint256 amount) external;
}

contract Bridge {
    mapping(bytes32 => bool) public processed;

    function finalize(IMinter minter, bytes32 id, uint256 amount) external {
        require(!processed[id]);
        minter.mintFor(msg.sender, amount); // expect: reentrancy-token
        processed[id] = true;
    }
}
