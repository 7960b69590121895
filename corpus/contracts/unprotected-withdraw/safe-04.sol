pragma solidity 0.4.24;

contract DonationsOwned {
    address public owner = msg.sender;

    function () public payable {}

    function withdraw() public {
        require(msg.sender == owner);
        msg.sender.transfer(address(this).balance);
    }
}

contract FaucetLimited {
    mapping(address => bool) public served;

    function () public payable {}

    function drip() public {
        require(!served[msg.sender]);
        served[msg.sender] = true;
        msg.sender.transfer(0.1 ether);
    }
}

contract FundShares {
    mapping(address => uint) public shares;

    function deposit() public payable { shares[msg.sender] += msg.value; }

    function exit() public {
        uint amount = shares[msg.sender];
        shares[msg.sender] = 0;
        msg.sender.transfer(amount);
    }
}
