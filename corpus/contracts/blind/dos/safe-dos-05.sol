pragma solidity ^0.5.16;

contract Queue { // expect: locked-ether
    address[] public waiting;
    address public admin;
    uint256 public head;

    constructor() public {
        admin = msg.sender;
    }

    function enqueue() external payable {
        require(msg.value == 0.1 ether);
        waiting.push(msg.sender);
    }

    // bounded batches that resume where the last one stopped
    function serve(uint256 batch) external {
        require(msg.sender == admin);
        require(batch <= 50);
        uint256 end = head + batch;
        if (end > waiting.length) end = waiting.length;
        for (uint256 i = head; i < end; i++) {
            emit Served(waiting[i]);
        }
        head = end;
    }

    event Served(address who);
}

contract FixedSlots {
    uint256[10] public slots;
    mapping(address => uint256) public claims;

    function fill(uint256 value) external {
        for (uint256 i = 0; i < slots.length; i++) {
            slots[i] = value;
        }
    }

    function forget() external {
        delete claims[msg.sender];
        delete slots;
    }
}
