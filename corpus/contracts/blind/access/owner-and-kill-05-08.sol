pragma solidity ^0.5.17;

contract Managed {
    address payable public manager;

    constructor() public {
        manager = msg.sender;
    }

    modifier onlyManager() {
        require(msg.sender == manager, "manager");
        _;
    }

    function changeManager(address payable next) public { // expect: unprotected-owner-change
        manager = next;
    }
}

contract Subscription is Managed {
    mapping(address => uint256) public paidUntil;

    function subscribe() external payable {
        require(msg.value >= 0.1 ether);
        paidUntil[msg.sender] = now + 30 days;
    }

    function cashOut() external onlyManager {
        manager.transfer(address(this).balance);
    }

    function shutdown() external { // expect: unprotected-selfdestruct
        selfdestruct(manager);
    }
}

contract Escrowed {
    address payable public arbiter;
    address payable public seller;

    constructor(address payable s) public {
        arbiter = msg.sender;
        seller = s;
    }

    function release() external {
        require(msg.sender == arbiter);
        _close();
    }

    function abort() external { // expect: unprotected-selfdestruct
        _close();
    }

    function _close() internal {
        selfdestruct(seller);
    }
}
