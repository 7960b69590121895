pragma solidity 0.4.24;

contract TODFixed {
    address public owner = msg.sender;
    uint public reward;
    bool public claimed;

    function setReward() public payable {
        require(msg.sender == owner);
        require(!claimed);
        owner.transfer(reward);
        reward = msg.value;
    }

    function claimReward(uint256 submission, uint256 expectedReward) public {
        require(!claimed);
        require(submission < 10);
        require(reward == expectedReward);
        claimed = true;
        msg.sender.transfer(expectedReward);
    }
}

contract FixedBounty {
    uint public constant BOUNTY = 1 ether;

    function () public payable {}

    function collect(uint proofA, uint proofB) public {
        require(proofA * proofB == 221 && proofA > 1 && proofB > 1); // expect: missing-commit-reveal, integer-overflow
        msg.sender.transfer(BOUNTY);
    }
}
