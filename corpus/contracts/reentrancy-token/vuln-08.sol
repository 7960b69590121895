// SPDX-License-Identifier: MIT
pragma solidity 0.8.20;

interface IERC721 {
    function safeTransferFrom(address from, address to, uint256 id) external;
}

interface IVault {
    function deposit(uint256 amount) external returns (uint256);
}

contract NftRaffle {
    IERC721 public nft;
    mapping(uint256 => bool) public prizeClaimed;
    mapping(address => uint256) public tickets;

    function claimPrize(uint256 id) external {
        require(!prizeClaimed[id], "taken");
        require(tickets[msg.sender] > 0, "no ticket");
        nft.safeTransferFrom(address(this), msg.sender, id); // expect: reentrancy-token
        prizeClaimed[id] = true;
        tickets[msg.sender] -= 1;
    }
}

contract Router {
    mapping(address => uint256) public shares;

    function route(IVault vault, uint256 amount) external {
        require(shares[msg.sender] >= amount, "shares");
        vault.deposit(amount); // expect: reentrancy-token
        shares[msg.sender] -= amount;
    }
}

contract Callbacks {
    mapping(address => uint256) public credits;

    function notify(address hook, uint256 amount) external {
        require(credits[msg.sender] >= amount);
        (bool ok, ) = hook.call(abi.encodeWithSignature("onPaid(uint256)", amount)); // expect: reentrancy-token
        require(ok);
        credits[msg.sender] -= amount;
    }
}
