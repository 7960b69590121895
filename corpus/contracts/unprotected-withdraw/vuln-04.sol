pragma solidity 0.4.24;

contract Donations {
    address public owner = msg.sender;

    function () public payable {}

    function withdraw() public { // expect: unprotected-withdraw
        msg.sender.transfer(address(this).balance);
    }
}

contract Faucet {
    function () public payable {}

    function drip(uint amount) public { // expect: unprotected-withdraw
        msg.sender.transfer(amount);
    }
}

contract Fund {
    address public manager = msg.sender;

    function deposit() public payable {}

    function emergencyExit() public { // expect: unprotected-withdraw
        require(this.balance > 0);
        require(msg.sender.send(this.balance));
    }
}
