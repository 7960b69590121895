pragma solidity 0.4.24;

contract MultiOwned {
    mapping(address => bool) public owners;
    uint public required;

    function initMultiowned(address[] _owners, uint _required) public { // expect: unprotected-initializer
        for (uint i = 0; i < _owners.length; i++) {
            owners[_owners[i]] = true;
        }
        required = _required;
    }
}

contract Sale {
    address public beneficiary;
    uint public price;

    function init(address _beneficiary, uint _price) public { // expect: unprotected-initializer
        beneficiary = _beneficiary;
        price = _price;
    }

    function () public payable {
        beneficiary.transfer(msg.value);
    }
}
