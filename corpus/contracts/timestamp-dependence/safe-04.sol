pragma solidity 0.4.24;

contract CrowdsaleBlocks {
    uint public deadlineBlock = block.number + 200000;
    address public owner = msg.sender;

    function claim() public {
        require(block.number >= deadlineBlock);
        owner.transfer(this.balance);
    }
}

contract Stamps {
    mapping(address => uint) public lastSeen;

    function ping() public {
        lastSeen[msg.sender] = now;
    }
}

contract Voting {
    uint public closes = now + 7 days;
    mapping(address => bool) public voted;
    uint public yes;

    function vote() public {
        require(now < closes);
        require(!voted[msg.sender]);
        voted[msg.sender] = true;
        yes += 1;
    }
}
