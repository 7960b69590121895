// SPDX-License-Identifier: MIT
pragma solidity 0.8.20;

interface IERC721 {
    function safeTransferFrom(address from, address to, uint256 id) external;
}

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
}

interface IVault {
    function deposit(uint256 amount) external returns (uint256);
}

contract NftRaffleFixed {
    IERC721 public nft;
    mapping(uint256 => bool) public prizeClaimed;
    mapping(address => uint256) public tickets;

    function claimPrize(uint256 id) external {
        require(!prizeClaimed[id], "taken");
        require(tickets[msg.sender] > 0, "no ticket");
        prizeClaimed[id] = true;
        tickets[msg.sender] -= 1;
        nft.safeTransferFrom(address(this), msg.sender, id);
    }
}

contract RouterFixed {
    mapping(address => uint256) public shares;
    IVault public immutable vault;

    constructor(IVault v) { vault = v; }

    function route(uint256 amount) external {
        require(shares[msg.sender] >= amount, "shares");
        vault.deposit(amount);
        shares[msg.sender] -= amount;
    }
}

contract PlainTokenPayout {
    IERC20 public token;
    mapping(address => uint256) public owed;

    function release() external {
        uint256 amount = owed[msg.sender];
        require(token.transfer(msg.sender, amount));
        owed[msg.sender] = 0;
    }
}
