pragma solidity 0.4.24;

contract SimpleVault {
    mapping(address => uint256) public credit;

    function deposit() public payable {
        credit[msg.sender] += msg.value;
    }

    function withdraw(uint256 amount) public {
        require(credit[msg.sender] >= amount);
        require(msg.sender.call.value(amount)()); // expect: reentrancy-eth
        credit[msg.sender] -= amount;
    }
}

contract PiggyBank {
    mapping(address => uint) balances;
    uint public totalHeld;

    function put() public payable {
        balances[msg.sender] += msg.value;
        totalHeld += msg.value;
    }

    function collect() public {
        uint owed = balances[msg.sender];
        if (owed > 0) {
            if (msg.sender.call.value(owed)()) { // expect: reentrancy-eth
                balances[msg.sender] = 0;
                totalHeld -= owed;
            }
        }
    }
}

contract Escrow {
    mapping(address => uint) public deposits;

    function pay() external payable {
        deposits[msg.sender] += msg.value;
    }

    function refund() external {
        _send(msg.sender, deposits[msg.sender]);
        deposits[msg.sender] = 0;
    }

    function _send(address to, uint value) internal {
        bool ok = to.call.value(value)(); // expect: reentrancy-eth
        require(ok);
    }
}
