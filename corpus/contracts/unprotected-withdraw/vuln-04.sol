pragma solidity 0.4.24;

contract Donations {
    address public owner = msg.sender;

    function () public payable {}

    function withdraw() public {
        msg.sender.transfer(address(this).balance); // expect: unprotected-withdraw
    }
}

contract Faucet {
    function () public payable {}

    function drip(uint amount) public {
        msg.sender.transfer(amount); // expect: unprotected-withdraw
    }
}

contract Fund {
    address public manager = msg.sender;

    function deposit() public payable {}

    function emergencyExit() public {
        require(this.balance > 0);
        require(msg.sender.send(this.balance)); // expect: unprotected-withdraw
    }
}
