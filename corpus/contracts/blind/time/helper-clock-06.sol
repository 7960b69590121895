pragma solidity ^0.6.12;

contract TimeSource {
    function _now() internal view returns (uint256) {
        return block.timestamp; // expect: timestamp-dependence
    }
}

// The draw pays out only in the exact second the round closes.
contract ExactSecondPayout is TimeSource {
    uint256 public closesAt;
    address payable public lastBidder;

    constructor(uint256 duration) public {
        closesAt = block.timestamp + duration;
    }

    function bid() external payable {
        require(msg.value > 0);
        lastBidder = msg.sender;
    }

    function finish() external {
        require(_now() == closesAt, "not the second");
        lastBidder.transfer(address(this).balance);
    }
}

contract Crowdsale {
    uint256 public deadline;
    uint256 public raised;
    uint256 public goal;
    address payable public beneficiary;
    mapping(address => uint256) public contributed;

    constructor(uint256 _goal, uint256 _days) public {
        beneficiary = msg.sender;
        goal = _goal;
        deadline = now + _days * 1 days;
    }

    function contribute() external payable {
        require(now < deadline);
        contributed[msg.sender] += msg.value;
        raised += msg.value;
    }

    function payout() external {
        require(now >= deadline && raised >= goal); // expect: timestamp-dependence
        beneficiary.transfer(raised);
    }
}
