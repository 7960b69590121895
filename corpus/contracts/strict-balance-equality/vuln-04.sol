pragma solidity 0.4.24;

contract Crowdfund {
    uint public goal = 100 ether;
    address public owner = msg.sender;

    function () public payable {}

    function finish() public {
        if (this.balance == goal) { // expect: strict-balance-equality
            owner.transfer(this.balance);
        }
    }
}

contract Gridlock {
    uint public deposits;

    function deposit() public payable {
        require(msg.value == 1 ether);
        deposits += msg.value;
        assert(address(this).balance == deposits); // expect: strict-balance-equality
    }

    function withdraw() public { // expect: unprotected-withdraw
        require(deposits >= 1 ether);
        deposits -= 1 ether;
        msg.sender.transfer(1 ether);
    }
}
