pragma solidity >=0.4.24 <0.9.0;

// Each withdrawal debits the caller's own record through a storage pointer: not an open payout.
contract Deposits {
    struct Record {
        uint256 amount;
        uint256 count;
    }
    mapping(address => Record) private records;

    function deposit() public payable {
        Record storage r = records[msg.sender];
        r.amount += msg.value;
        r.count += 1;
    }

    function withdraw(uint256 value) public {
        Record storage r = records[msg.sender];
        require(r.amount >= value, "insufficient");
        r.amount -= value;
        msg.sender.transfer(value);
    }
}

contract Pool {
    struct Member {
        uint256 credit;
        bool active;
    }
    mapping(address => Member) public members;

    function join() public payable {
        members[msg.sender] = Member(msg.value, true);
    }

    function leave() public {
        Member storage m = members[msg.sender];
        require(m.active);
        uint256 owed = m.credit;
        m.credit = 0;
        m.active = false;
        msg.sender.transfer(owed);
    }
}
