pragma solidity 0.4.24;

contract StandardToken {
    mapping(address => uint256) balances;
    mapping(address => mapping(address => uint256)) allowed;

    function approve(address _spender, uint256 _value) public returns (bool) {
        allowed[msg.sender][_spender] = _value; // expect: front-running-approve
        return true;
    }
}

contract MiniToken {
    mapping(address => mapping(address => uint)) public allowance;

    function approve(address spender, uint amount) public returns (bool success) {
        allowance[msg.sender][spender] = amount; // expect: front-running-approve
        Approval(msg.sender, spender, amount);
        return true;
    }

    event Approval(address owner, address spender, uint amount);
}

contract CoinWithInternal {
    mapping(address => mapping(address => uint)) internal allowances;

    function approve(address spender, uint amount) public returns (bool) {
        _approve(msg.sender, spender, amount);
        return true;
    }

    function _approve(address owner, address spender, uint amount) internal {
        allowances[owner][spender] = amount; // expect: front-running-approve
    }
}
