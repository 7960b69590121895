pragma solidity 0.4.24;

contract ERC20 {
    function transfer(address to, uint value) public returns (bool);
}

contract NonStandardToken {
    function transfer(address to, uint value) public;
}

contract CrowdsaleChecked {
    ERC20 public token;
    uint public rate = 100;
    address public owner = msg.sender;

    function buy() public payable {
        require(token.transfer(msg.sender, msg.value * rate));
    }

    function drain() public {
        require(msg.sender == owner);
        owner.transfer(address(this).balance);
    }
}

contract LegacyAirdrop {
    NonStandardToken public token;
    address public owner = msg.sender;

    function drop(address to, uint value) public {
        require(msg.sender == owner);
        token.transfer(to, value);
    }
}
