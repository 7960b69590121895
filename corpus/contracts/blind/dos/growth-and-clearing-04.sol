pragma solidity ^0.4.25;

// Anyone can add hundreds of entries per call for free; once the list is long the reset can no
// longer run within the block gas limit.
contract Guestbook {
    address[] public guests;

    function signMany() public returns (bool) {
        if (guests.length < 1500) {
            for (uint i = 0; i < 350; i++) {
                guests.push(msg.sender);
            }
            return true;
        } else {
            guests = new address[](0); // expect: dos-unbounded-operation
            return false;
        }
    }
}

contract NumberStore {
    uint[] public numbers;
    uint public used;

    // the caller chooses how far the array grows in one call
    function reserve(uint extra) public {
        numbers.length += extra; // expect: dos-unbounded-operation
    }

    function insertMany(uint value, uint count) public {
        for (uint i = 0; i < count; i++) { // expect: dos-unbounded-loop
            numbers.push(value);
        }
        used += count; // expect: integer-overflow
    }

    function reset() public {
        require(used > 0);
        delete numbers; // expect: dos-unbounded-operation
        used = 0;
    }
}

// A Ponzi-style payout round over everyone who ever joined.
contract PyramidRound {
    address[] public investors;
    mapping(address => uint) public invested;

    function join() public payable {
        require(msg.value >= 0.01 ether);
        investors.push(msg.sender);
        invested[msg.sender] += msg.value;
    }

    function register() public {
        investors.push(msg.sender);
    }

    function payRound() public {
        for (uint i = 0; i < investors.length; i++) { // expect: dos-unbounded-loop
            investors[i].transfer(invested[investors[i]] / 10); // expect: dos-call-in-loop
        }
    }
}
