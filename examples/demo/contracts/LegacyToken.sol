pragma solidity ^0.4.24;

/// An old-style token: unchecked arithmetic before 0.8 and an unguarded kill switch.
contract LegacyToken {
    mapping(address => uint256) public balanceOf;
    uint256 public totalSupply;

    function LegacyToken(uint256 supply) public {
        balanceOf[msg.sender] = supply;
        totalSupply = supply;
    }

    function transfer(address to, uint256 value) public returns (bool) {
        balanceOf[msg.sender] -= value;
        balanceOf[to] += value;
        return true;
    }

    function kill() public {
        selfdestruct(msg.sender);
    }
}
