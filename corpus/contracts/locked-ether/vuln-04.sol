pragma solidity 0.4.24;

contract Collector { // expect: locked-ether
    mapping(address => uint) public paid;

    function () public payable {
        paid[msg.sender] += msg.value;
    }
}

contract Sponsor { // expect: locked-ether
    uint public total;

    function sponsor() public payable {
        total += msg.value;
    }

    function stats() public view returns (uint) { return total; }
}

contract WalletBase {
    address public owner = msg.sender;
}

contract Deposit is WalletBase { // expect: locked-ether
    function deposit() public payable {
        require(msg.value > 0);
    }
}
