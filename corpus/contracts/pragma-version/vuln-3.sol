pragma solidity 0.4.11; // expect: pragma-version

contract PinnedOld {
    uint public x;
    function set(uint v) { x = v; }
}
