pragma solidity 0.4.24;

contract SimpleVaultFixed {
    mapping(address => uint256) public credit;

    function deposit() public payable {
        credit[msg.sender] += msg.value;
    }

    function withdraw(uint256 amount) public {
        require(credit[msg.sender] >= amount);
        credit[msg.sender] -= amount;
        require(msg.sender.call.value(amount)());
    }
}

contract PiggyBankTransfer {
    mapping(address => uint) balances;

    function put() public payable {
        balances[msg.sender] += msg.value;
    }

    function collect() public {
        uint owed = balances[msg.sender];
        msg.sender.transfer(owed);
        balances[msg.sender] = 0;
    }
}

contract EscrowMutex {
    mapping(address => uint) public deposits;
    bool locked;

    function pay() external payable {
        deposits[msg.sender] += msg.value;
    }

    function refund() external {
        require(!locked);
        locked = true;
        require(msg.sender.call.value(deposits[msg.sender])());
        deposits[msg.sender] = 0;
        locked = false;
    }
}
