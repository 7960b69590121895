pragma solidity 0.4.24;

contract CollectorWithdraw {
    mapping(address => uint) public paid;
    address public owner = msg.sender;

    function () public payable {
        paid[msg.sender] += msg.value;
    }

    function withdraw() public {
        require(msg.sender == owner);
        owner.transfer(this.balance);
    }
}

contract SponsorClosable {
    address public owner = msg.sender;

    function sponsor() public payable {}

    function close() public {
        require(msg.sender == owner);
        selfdestruct(owner);
    }
}

contract NotPayable {
    uint public count;
    function bump() public { count += 1; }
}
