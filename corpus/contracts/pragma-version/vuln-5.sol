pragma solidity >0.4.99 <0.6.0; // expect: pragma-version

contract OpenRange {
    uint public x;
    function set(uint v) public { x = v; }
}
