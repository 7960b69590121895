pragma solidity 0.4.24;

contract Relayer {
    mapping(bytes => bool) public executed;

    function relay(address target, bytes data) public {
        require(!executed[data]);
        executed[data] = true;
        target.call(data); // expect: gas-griefing, unchecked-lowlevel
    }
}

contract MetaTx {
    mapping(address => uint) public nonces;

    function forward(address user, address target, bytes payload, uint nonce) public {
        require(nonces[user] == nonce);
        nonces[user] = nonce + 1;
        bool ok = target.call(payload); // expect: gas-griefing, unchecked-lowlevel
    }
}
