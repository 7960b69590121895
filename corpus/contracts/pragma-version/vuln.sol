pragma solidity ^0.4.24; // expect: pragma-version

contract FloatingOld {
    uint public x;
    function set(uint v) public { x = v; }
}
