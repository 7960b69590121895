pragma solidity ^0.6.12;

contract NameService {
    address public registrar;
    mapping(bytes32 => address) public names;

    constructor() public {
        registrar = msg.sender;
    }

    function register(bytes32 name, address who) external {
        require(msg.sender == registrar, "registrar");
        names[name] = who;
    }

    function changeRegistrar(address next) external { // expect: unprotected-owner-change
        require(next != address(0), "zero");
        registrar = next;
    }
}

contract Treasury {
    address payable public admin;

    constructor() public {
        admin = msg.sender;
    }

    function pay(address payable to, uint256 amount) external {
        require(tx.origin == admin, "admin"); // expect: tx-origin
        to.transfer(amount);
    }

    receive() external payable {}
}
