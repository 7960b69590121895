pragma solidity 0.4.24;

contract ERC20 {
    function transfer(address to, uint value) public returns (bool);
    function transferFrom(address from, address to, uint value) public returns (bool);
}

contract Crowdsale {
    ERC20 public token;
    uint public rate = 100;
    address public owner = msg.sender;

    function buy() public payable {
        token.transfer(msg.sender, msg.value * rate); // expect: unchecked-transfer
    }

    function drain() public {
        require(msg.sender == owner);
        owner.transfer(address(this).balance);
    }
}
