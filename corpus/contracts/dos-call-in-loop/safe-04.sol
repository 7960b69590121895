pragma solidity 0.4.24;

contract RefundsPull {
    mapping(address => uint) public refunds;
    address public owner = msg.sender;

    function add(address a) public payable {
        require(msg.sender == owner);
        refunds[a] += msg.value;
    }

    function claimRefund() public {
        uint amount = refunds[msg.sender];
        refunds[msg.sender] = 0;
        msg.sender.transfer(amount);
    }
}

contract DividendsPull {
    mapping(address => uint) public shares;
    mapping(address => uint) public owed;
    address[] public holders;
    address public owner = msg.sender;

    function () public payable {}

    function credit(uint perHolder) public {
        require(msg.sender == owner);
        for (uint i = 0; i < holders.length && i < 50; i++) {
            owed[holders[i]] += perHolder;
        }
    }

    function withdraw() public {
        uint amount = owed[msg.sender];
        owed[msg.sender] = 0;
        msg.sender.transfer(amount);
    }
}
