// SPDX-License-Identifier: MIT
pragma solidity ^0.8.19;

abstract contract Context {
    function _msgSender() internal view returns (address) {
        return msg.sender;
    }
}

abstract contract Ownable is Context {
    address private _owner;

    constructor() {
        _owner = _msgSender();
    }

    modifier onlyOwner() {
        require(_owner == _msgSender(), "Ownable: caller is not the owner");
        _;
    }

    function owner() public view returns (address) {
        return _owner;
    }

    function transferOwnership(address newOwner) public onlyOwner {
        _owner = newOwner;
    }
}

contract Membership is Ownable {
    struct Member {
        uint256 paid;
        uint64 joined;
        bool active;
    }
    mapping(address => Member) private members;
    address[] private roster;
    uint256 public fee = 0.01 ether;

    function join() external payable {
        require(msg.value == fee, "fee");
        Member storage m = members[msg.sender];
        require(!m.active, "member");
        m.active = true;
        m.paid += msg.value;
        m.joined = uint64(block.timestamp);
        roster.push(msg.sender);
    }

    function leave() external {
        Member storage m = members[msg.sender];
        require(m.active, "not member");
        uint256 refund = m.paid / 2;
        (bool ok, ) = msg.sender.call{value: refund}(""); // expect: reentrancy-eth
        require(ok, "refund");
        m.active = false;
        m.paid = 0;
    }

    function setFee(uint256 f) external onlyOwner {
        fee = f;
    }

    function purge() external onlyOwner {
        delete roster; // expect: dos-unbounded-operation
    }

    function withdraw() external onlyOwner {
        payable(owner()).transfer(address(this).balance);
    }
}
