pragma solidity ^0.4.11;

// The same shape with the initializers guarded: they run once and only while no owner exists.
contract WalletLibraryFixed {
    uint public m_required;
    uint public m_numOwners;
    uint public m_dailyLimit;
    uint public m_lastDay;
    uint[256] m_owners;
    mapping(uint => uint) m_ownerIndex;

    modifier only_uninitialized {
        if (m_numOwners > 0) throw;
        _;
    }

    modifier onlyowner {
        if (m_ownerIndex[uint(msg.sender)] > 0) _;
    }

    function initMultiowned(address[] _owners, uint _required) internal {
        m_numOwners = _owners.length + 1;
        m_owners[1] = uint(msg.sender);
        m_ownerIndex[uint(msg.sender)] = 1;
        for (uint i = 0; i < _owners.length; ++i) {
            m_owners[2 + i] = uint(_owners[i]);
            m_ownerIndex[uint(_owners[i])] = 2 + i;
        }
        m_required = _required;
    }

    function initDaylimit(uint _limit) internal {
        m_dailyLimit = _limit;
        m_lastDay = now / 1 days;
    }

    function initWallet(address[] _owners, uint _required, uint _daylimit) only_uninitialized {
        initDaylimit(_daylimit);
        initMultiowned(_owners, _required);
    }

    function execute(address _to, uint _value, bytes _data) onlyowner external {
        require(_to.call.value(_value)(_data));
    }
}

contract WalletFixed {
    address constant _walletLibrary = 0xcafecafecafecafecafecafecafecafecafecafe;
    uint public m_numOwners;

    event Deposit(address _from, uint value);

    function() payable {
        if (msg.value > 0)
            Deposit(msg.sender, msg.value);
        else if (msg.data.length > 0)
            require(_walletLibrary.delegatecall(msg.data));
    }
}
