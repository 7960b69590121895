pragma solidity 0.4.24;

contract MultiOwnedFixed {
    mapping(address => bool) public owners;
    uint public required;
    bool initialized;

    function initMultiowned(address[] _owners, uint _required) public {
        require(!initialized);
        initialized = true;
        for (uint i = 0; i < _owners.length; i++) {
            owners[_owners[i]] = true;
        }
        required = _required;
    }
}

contract SaleFixed {
    address public beneficiary;
    uint public price;
    address public deployer = msg.sender;

    function init(address _beneficiary, uint _price) public {
        require(msg.sender == deployer);
        beneficiary = _beneficiary;
        price = _price;
    }

    function () public payable {
        beneficiary.transfer(msg.value);
    }
}
