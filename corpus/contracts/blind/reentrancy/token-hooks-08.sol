// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

interface IERC721Receiver {
    function onERC721Received(address, address, uint256, bytes calldata) external returns (bytes4);
}

interface IERC777 {
    function send(address to, uint256 amount, bytes calldata data) external;
}

abstract contract MiniERC721 {
    mapping(uint256 => address) internal _owners;
    mapping(address => uint256) internal _balances;

    function _safeMint(address to, uint256 id) internal {
        _owners[id] = to;
        _balances[to] += 1;
        if (to.code.length > 0) {
            bytes4 answer = IERC721Receiver(to).onERC721Received(msg.sender, address(0), id, ""); // expect: reentrancy-token
            require(answer == IERC721Receiver.onERC721Received.selector, "receiver");
        }
    }
}

contract LimitedDrop is MiniERC721 {
    uint256 public constant MAX_PER_WALLET = 2;
    mapping(address => uint256) public mintedBy;
    uint256 public nextId;

    function mint() external {
        require(mintedBy[msg.sender] < MAX_PER_WALLET, "limit");
        _safeMint(msg.sender, nextId);
        nextId++;
        mintedBy[msg.sender] += 1;
    }
}

contract RewardsDistributor {
    IERC777 public immutable token;
    mapping(address => uint256) public owed;

    constructor(IERC777 t) {
        token = t;
    }

    function claim() external {
        uint256 amount = owed[msg.sender];
        require(amount > 0, "none");
        token.send(msg.sender, amount, ""); // expect: reentrancy-token
        owed[msg.sender] = 0;
    }
}
