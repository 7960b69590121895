pragma solidity ^0.4.24;

contract Waitlist {
    address[] public queue;

    function join() public {
        queue.push(msg.sender);
    }

    function reset() public {
        require(queue.length > 1000);
        delete queue; // expect: dos-unbounded-operation
    }
}

contract Slots {
    uint256[] public slots;

    function grow(uint256 n) public {
        slots.length += n; // expect: dos-unbounded-operation
    }

    function resize(uint256 n) public {
        slots.length = n; // expect: dos-unbounded-operation
    }
}

contract Rounds { // expect: locked-ether
    address[] public bettors;
    address public croupier = msg.sender;

    function bet() public payable {
        require(msg.value > 0);
        bettors.push(msg.sender);
    }

    function close() public {
        require(msg.sender == croupier);
        bettors.length = 0; // expect: dos-unbounded-operation
    }
}
