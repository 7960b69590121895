pragma solidity 0.4.24;

contract TOD {
    address public owner = msg.sender;
    uint public reward;
    bool public claimed;

    function setReward() public payable {
        require(msg.sender == owner);
        require(!claimed);
        owner.transfer(reward);
        reward = msg.value;
    }

    function claimReward(uint256 submission) public {
        require(!claimed);
        require(submission < 10);
        msg.sender.transfer(reward); // expect: front-running-reward
        claimed = true;
    }
}

contract Bounty {
    uint public bounty;
    address public sponsor = msg.sender;

    function raise() public payable {
        bounty += msg.value;
    }

    function collect(uint proofA, uint proofB) public {
        require(proofA * proofB == 221 && proofA > 1 && proofB > 1); // expect: missing-commit-reveal, integer-overflow
        msg.sender.transfer(bounty); // expect: front-running-reward
        bounty = 0;
    }
}
