pragma solidity ^0.4.9;

// A multi-owner wallet whose logic lives in a shared library contract; the wallet forwards every
// unknown call to it with delegatecall.
contract WalletLibrary {
    uint public m_required;
    uint public m_numOwners;
    uint public m_dailyLimit;
    uint public m_spentToday;
    uint public m_lastDay;
    uint[256] m_owners;
    mapping(uint => uint) m_ownerIndex;

    modifier onlyowner {
        if (isOwner(msg.sender)) _;
    }

    function isOwner(address _addr) constant returns (bool) {
        return m_ownerIndex[uint(_addr)] > 0;
    }

    function initMultiowned(address[] _owners, uint _required) { // expect: unprotected-initializer
        m_numOwners = _owners.length + 1;
        m_owners[1] = uint(msg.sender);
        m_ownerIndex[uint(msg.sender)] = 1;
        for (uint i = 0; i < _owners.length; ++i) {
            m_owners[2 + i] = uint(_owners[i]);
            m_ownerIndex[uint(_owners[i])] = 2 + i;
        }
        m_required = _required;
    }

    function initDaylimit(uint _limit) { // expect: unprotected-initializer
        m_dailyLimit = _limit;
        m_lastDay = today();
    }

    function initWallet(address[] _owners, uint _required, uint _daylimit) { // expect: unprotected-initializer
        initDaylimit(_daylimit);
        initMultiowned(_owners, _required);
    }

    function setDailyLimit(uint _newLimit) onlyowner external {
        m_dailyLimit = _newLimit;
    }

    function execute(address _to, uint _value, bytes _data) onlyowner external {
        if (!_to.call.value(_value)(_data)) throw;
    }

    function today() private constant returns (uint) {
        return now / 1 days;
    }
}

contract Wallet {
    address constant _walletLibrary = 0xcafecafecafecafecafecafecafecafecafecafe;
    uint public m_required;
    uint public m_numOwners;

    event Deposit(address _from, uint value);

    function Wallet(address[] _owners, uint _required, uint _daylimit) {
        bytes4 sig = bytes4(sha3("initWallet(address[],uint256,uint256)"));
        _walletLibrary.delegatecall(sig, _owners, _required, _daylimit); // expect: unchecked-lowlevel
    }

    function() payable {
        if (msg.value > 0)
            Deposit(msg.sender, msg.value);
        else if (msg.data.length > 0)
            _walletLibrary.delegatecall(msg.data); // expect: delegatecall-forwarding, unchecked-lowlevel
    }
}
