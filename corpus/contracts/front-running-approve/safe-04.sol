pragma solidity 0.4.24;

contract SafeApproveToken {
    mapping(address => mapping(address => uint256)) allowed;

    function approve(address _spender, uint256 _value) public returns (bool) {
        require((_value == 0) || (allowed[msg.sender][_spender] == 0));
        allowed[msg.sender][_spender] = _value;
        return true;
    }
}

contract CompareAndSet {
    mapping(address => mapping(address => uint)) public allowance;

    function approve(address spender, uint expected, uint amount) public returns (bool) {
        require(allowance[msg.sender][spender] == expected);
        allowance[msg.sender][spender] = amount;
        return true;
    }
}

contract IncreaseOnly {
    mapping(address => mapping(address => uint)) public allowance;

    function increaseAllowance(address spender, uint added) public returns (bool) {
        allowance[msg.sender][spender] += added; // expect: integer-overflow
        return true;
    }
}
