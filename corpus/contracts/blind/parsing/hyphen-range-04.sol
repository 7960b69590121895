pragma solidity 0.4.24 - 0.5.2;

// The version range uses a hyphen, which some Solidity parsers reject.
contract RangeVault {
    mapping(address => uint256) public balances;

    function deposit() public payable {
        balances[msg.sender] += msg.value;
    }

    function withdraw() public {
        uint256 amount = balances[msg.sender];
        require(msg.sender.call.value(amount)()); // expect: reentrancy-eth
        balances[msg.sender] = 0;
    }

    function kill() public { // expect: unprotected-selfdestruct
        selfdestruct(msg.sender);
    }
}
