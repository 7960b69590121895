pragma solidity 0.4.24;

contract CrowdfundGte {
    uint public goal = 100 ether;
    address public owner = msg.sender;

    function () public payable {}

    function finish() public {
        if (this.balance >= goal) {
            owner.transfer(this.balance);
        }
    }
}

contract Tracked {
    uint public deposits;

    function deposit() public payable {
        require(msg.value == 1 ether);
        deposits += msg.value;
        assert(address(this).balance >= deposits);
    }

    function withdraw() public { // expect: unprotected-withdraw
        require(deposits >= 1 ether);
        deposits -= 1 ether;
        msg.sender.transfer(1 ether);
    }
}
