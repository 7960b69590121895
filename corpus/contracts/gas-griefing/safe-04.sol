pragma solidity 0.4.24;

contract RelayerChecked {
    mapping(bytes => bool) public executed;

    function relay(address target, bytes data) public {
        require(!executed[data]);
        executed[data] = true;
        require(target.call(data));
    }
}

contract MetaTxGas {
    mapping(address => uint) public nonces;

    function forward(address user, address target, bytes payload, uint nonce, uint gasLimit) public {
        require(nonces[user] == nonce);
        require(gasleft() >= gasLimit + 5000);
        nonces[user] = nonce + 1;
        require(target.call.gas(gasLimit)(payload));
    }
}
