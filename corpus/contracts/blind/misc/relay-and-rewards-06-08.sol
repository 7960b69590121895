// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

contract MetaRelayer {
    mapping(bytes32 => bool) public executed;
    address public immutable target;

    event Relayed(bytes32 id, bool ok);

    constructor(address t) {
        target = t;
    }

    function relay(bytes calldata data, uint256 nonce) external {
        bytes32 id = keccak256(abi.encodePacked(data, nonce));
        require(!executed[id], "replayed");
        executed[id] = true;
        (bool ok, ) = target.call(data); // expect: gas-griefing
        emit Relayed(id, ok);
    }

    function relayWithGas(bytes calldata data, uint256 nonce, uint256 gasLimit) external {
        bytes32 id = keccak256(abi.encodePacked(data, nonce, gasLimit));
        require(!executed[id], "replayed");
        require(gasleft() >= gasLimit + 5000, "gas");
        executed[id] = true;
        (bool ok, ) = target.call{gas: gasLimit}(data);
        emit Relayed(id, ok);
    }
}

contract BountyBoard {
    address public owner = msg.sender;
    uint256 public bounty = 1 ether;
    mapping(uint256 => bool) public used;

    receive() external payable {}

    function setBounty(uint256 b) external {
        require(msg.sender == owner, "owner");
        bounty = b;
    }

    function submit(uint256 proof) external {
        require(!used[proof] && isValid(proof), "invalid");
        used[proof] = true;
        payable(msg.sender).transfer(bounty); // expect: front-running-reward
    }

    function isValid(uint256 proof) internal pure returns (bool) {
        return proof > 1 && proof % 7919 == 0;
    }
}

abstract contract Lock {
    bool private locked;

    modifier nonReentrant() {
        require(!locked, "locked");
        locked = true;
        _;
        locked = false;
    }
}

contract SharePool is Lock {
    uint256 public totalShares;
    uint256 public totalAssets;
    mapping(address => uint256) public sharesOf;

    function pricePerShare() external view returns (uint256) {
        return totalShares == 0 ? 1e18 : (totalAssets * 1e18) / totalShares;
    }

    function deposit() external payable nonReentrant {
        uint256 shares = totalShares == 0 ? msg.value : (msg.value * totalShares) / totalAssets;
        sharesOf[msg.sender] += shares;
        totalShares += shares;
        totalAssets += msg.value;
    }

    function redeem(uint256 shares) external nonReentrant {
        uint256 assets = (shares * totalAssets) / totalShares;
        sharesOf[msg.sender] -= shares;
        (bool ok, ) = msg.sender.call{value: assets}(""); // expect: reentrancy-read-only
        require(ok, "send");
        totalShares -= shares;
        totalAssets -= assets;
    }
}
