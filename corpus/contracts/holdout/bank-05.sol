pragma solidity ^0.5.0;

contract Bank {
    mapping(address => uint256) public balances;
    uint256 public totalDeposits;

    function deposit() external payable {
        balances[msg.sender] += msg.value;
        totalDeposits += msg.value;
    }

    function withdraw(uint256 amount) external {
        require(balances[msg.sender] >= amount, "balance");
        _send(msg.sender, amount);
        balances[msg.sender] -= amount;
        totalDeposits -= amount;
    }

    function _send(address payable to, uint256 amount) internal {
        (bool ok, ) = to.call.value(amount)(""); // expect: reentrancy-eth
        require(ok, "send");
    }

    function sweepDust(address payable to) external { // expect: arbitrary-send-eth
        uint256 dust = address(this).balance - totalDeposits;
        to.transfer(dust);
    }
}
