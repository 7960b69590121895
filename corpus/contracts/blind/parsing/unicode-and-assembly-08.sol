// SPDX-License-Identifier: MIT
pragma solidity ^0.8.19;

/// @title Überweisung — a wallet with comments in several scripts: 送金, перевод, ✓
contract Ueberweisungen {
    address public owner;
    string public note = unicode"Grüße ✓ 送金";

    constructor() {
        owner = msg.sender;
    }

    function setNote(string calldata n) external {
        require(msg.sender == owner, "owner");
        note = n;
    }

    function codeSize(address a) external view returns (uint256 size) {
        assembly {
            size := extcodesize(a)
        }
    }

    function sweep(address payable to) external { // expect: arbitrary-send-eth
        to.transfer(address(this).balance);
    }

    receive() external payable {}
}
