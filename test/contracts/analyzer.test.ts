import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../../src/analyzers/solidity/analyze.js';
import { buildModel, T_PARAM, T_SENDER, T_TIME } from '../../src/analyzers/solidity/model.js';
import { parseSource } from '../../src/analyzers/solidity/parse.js';
import { Budget } from '../../src/analyzers/solidity/walk.js';

function model(source: string) {
  return buildModel('m.sol', parseSource(source), new Budget(5000));
}

describe('semantic model', () => {
  it('linearizes a diamond with C3 the way solc does (most derived base first)', () => {
    const m = model('contract A {} contract B is A {} contract C is A {} contract D is B, C {}');
    const d = m.contracts.find((c) => c.name === 'D')!;
    expect(d.linear.map((c) => c.name)).toEqual(['D', 'C', 'B', 'A']);
  });

  it('resolves modifiers through inheritance and recognises access checks', () => {
    const m = model(`pragma solidity 0.8.0;
      contract O { address owner; modifier onlyOwner() { require(msg.sender == owner); _; } }
      contract V is O { uint x; function a() public onlyOwner { x = 1; } function b() public { x = 2; } function c() public { _check(); x = 3; }
        function _check() internal view { require(msg.sender == owner, "o"); } }`);
    const v = m.contracts.find((c) => c.name === 'V')!;
    const guarded = Object.fromEntries(v.functions.map((f) => [f.name, f.guarded]));
    expect(guarded).toMatchObject({ a: true, b: false, c: true });
  });

  it('tracks taint of locals from parameters, the caller and block values, and into internal helpers', () => {
    const m = model(`pragma solidity 0.8.0; contract T {
      function f(uint p) public { uint a = p + 1; address s = msg.sender; uint t = block.timestamp; g(a); }
      function g(uint q) internal { } }`);
    const [f, g] = m.contracts[0].functions;
    expect(f.taint.get('a')! & T_PARAM).toBeTruthy();
    expect(f.taint.get('s')! & T_SENDER).toBeTruthy();
    expect(f.taint.get('t')! & T_TIME).toBeTruthy();
    expect(g.taint.get('q')! & T_PARAM).toBeTruthy();
  });

  it('reads the lowest admitted version from the pragma and treats 0.4 unnamed visibility as public', () => {
    const m = model('pragma solidity ^0.4.18; contract Old { function Old() { } function f() { } }');
    expect(m.version).toMatchObject({ major: 0, minor: 4, patch: 18 });
    const [ctor, f] = m.contracts[0].functions;
    expect(ctor.isConstructor).toBe(true);
    expect(f.isPublic).toBe(true);
  });
});

describe('findings', () => {
  it('name the function and variables and carry line and column ranges', () => {
    const src = `pragma solidity 0.8.19;
contract Bank {
    mapping(address => uint256) public balances;
    function withdraw() external {
        uint256 amount = balances[msg.sender];
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok);
        balances[msg.sender] = 0;
    }
}`;
    const { findings } = analyzeSource('bank.sol', src);
    const r = findings.find((f) => f.detector === 'reentrancy-eth')!;
    expect(r).toMatchObject({
      category: 'reentrancy',
      swc: 'SWC-107',
      severity: 'high',
      file: 'bank.sol',
      line: 6,
      endLine: 6,
      contract: 'Bank',
      function: 'withdraw',
    });
    expect(r.column).toBeGreaterThan(1);
    expect(r.endColumn).toBeGreaterThan(r.column);
    expect(r.message).toContain('Bank.withdraw');
    expect(r.message).toContain('balances');
  });
});

function lines(source: string, detector: string): number[] {
  return analyzeSource('t.sol', source)
    .findings.filter((f) => f.detector === detector)
    .map((f) => f.line);
}

describe('block values across functions, state and contracts', () => {
  it('places weak randomness on the line that reads the block value, with the modulo as related location', () => {
    const src = [
      'pragma solidity 0.4.24;', // 1
      'contract Base {', // 2
      '    function _seed() internal view returns (uint) {', // 3
      '        return uint(blockhash(block.number - 1));', // 4
      '    }', // 5
      '}', // 6
      'contract Game is Base {', // 7
      '    uint private salt = now;', // 8
      '    function play(uint guess) public payable {', // 9
      '        if (_seed() % 10 == guess) msg.sender.transfer(1 ether);', // 10
      '        uint n = uint(keccak256(salt)) % 3;', // 11
      '    }', // 12
      '}', // 13
    ].join('\n');
    const found = analyzeSource('t.sol', src).findings.filter((f) => f.detector === 'weak-randomness');
    expect(found.map((f) => f.line)).toEqual([4, 8]);
    expect(found[0].related?.map((r) => r.line)).toEqual([10]);
  });

  it('follows a block value returned by another contract of the file and one stored by another function', () => {
    const src = [
      'pragma solidity 0.5.0;',
      'contract Clock { function time() public view returns (uint) { return block.timestamp; } }', // 2
      'contract Guess {',
      '    Clock clock; bytes32 last;',
      '    function enter() public { last = blockhash(block.number - 1); }', // 5
      '    function play(uint x) public { if (x == clock.time() % 7) msg.sender.transfer(1); }',
      '    function settle() public view returns (uint) { return uint(last) % 5; }',
      '}',
    ].join('\n');
    expect(lines(src, 'weak-randomness')).toEqual([2, 5]);
  });

  it('places timestamp dependence on the read a decision depends on, and leaves deadlines without payout alone', () => {
    const src = [
      'pragma solidity 0.6.0;',
      'contract T {',
      '    uint end; address payable who;',
      '    function _now() internal view returns (uint) { return block.timestamp; }', // 4
      '    function finish() external { require(_now() == end); who.transfer(1); }',
      '    function touch() external { require(block.timestamp > end); end = 0; }',
      '}',
    ].join('\n');
    expect(lines(src, 'timestamp-dependence')).toEqual([4]);
  });
});

describe('storage pointers', () => {
  const src = [
    'pragma solidity ^0.4.15;',
    'contract Bank {',
    '    struct Holder { uint balance; uint since; }',
    '    mapping (address => Holder) holders;',
    '    function deposit() payable { var h = holders[msg.sender]; h.balance += msg.value; }',
    '    function withdraw() {', // 6
    '        var h = holders[msg.sender];',
    '        if (msg.sender.call.value(h.balance)()) { h.balance = 0; }', // 8
    '    }',
    '    function take(uint amount) {', // 10
    '        Holder storage s = holders[msg.sender];',
    '        require(s.balance >= amount);',
    '        s.balance -= amount;',
    '        msg.sender.transfer(amount);',
    '    }',
    '}',
  ].join('\n');

  it('count writes through 0.4 var pointers as state writes (reentrancy)', () => {
    expect(lines(src, 'reentrancy-eth')).toEqual([8]);
  });

  it('tie a debit through a pointer to the caller, so the withdrawal is not open to anyone', () => {
    expect(lines(src, 'unprotected-withdraw')).toEqual([]);
  });

  it('mark the pointer as a model alias of the caller’s entry', () => {
    const m = model(src);
    const withdraw = m.contracts[0].functions.find((f) => f.name === 'withdraw')!;
    expect(withdraw.aliases.get('h')).toBe('holders');
    expect(withdraw.callerAliases.has('h')).toBe(true);
  });
});

describe('access control on the function header', () => {
  it('reports a fixed payout anyone can repeat, but not a one-off per address or a game prize', () => {
    const src = [
      'pragma solidity ^0.8.0;',
      'contract F {',
      '    mapping(address => bool) claimed;',
      '    receive() external payable {}',
      '    function drip() external {', // 5
      '        payable(msg.sender).transfer(1 ether);', // 6
      '    }',
      '    function once() external { require(!claimed[msg.sender]); claimed[msg.sender] = true; payable(msg.sender).transfer(1 ether); }',
      '    function bet() external payable { require(msg.value == 1 ether); payable(msg.sender).transfer(2 ether); }',
      '}',
    ].join('\n');
    const found = analyzeSource('t.sol', src).findings.filter((f) => f.detector === 'unprotected-withdraw');
    expect(found.map((f) => [f.line, f.related?.map((r) => r.line)])).toEqual([[5, [6]]]);
  });

  it('does not treat forwarding msg.value to a chosen address as an arbitrary send', () => {
    const src = `pragma solidity ^0.8.0; contract R {
      function relay(address payable to) external payable { to.transfer(msg.value); }
      function drain(address payable to) external { to.transfer(address(this).balance); } }`;
    expect(lines(src, 'arbitrary-send-eth')).toEqual([3]);
  });

  it('flags a Parity-style initializer that writes only through helpers, and the fallback forwarding to it', () => {
    const src = [
      'pragma solidity ^0.4.9;',
      'contract WalletLibrary {',
      '    uint m_numOwners; uint m_limit;',
      '    function initMultiowned(uint n) internal { m_numOwners = n; }',
      '    function initDaylimit(uint l) internal { m_limit = l; }',
      '    function initWallet(uint n, uint l) { initDaylimit(l); initMultiowned(n); }', // 6
      '}',
      'contract Wallet {',
      '    address constant _walletLibrary = 0xcafecafecafecafecafecafecafecafecafecafe;',
      '    function() payable { if (msg.data.length > 0) _walletLibrary.delegatecall(msg.data); }', // 10
      '}',
    ].join('\n');
    expect(lines(src, 'unprotected-initializer')).toEqual([6]);
    expect(lines(src, 'delegatecall-forwarding')).toEqual([10]);
    const guarded = src.replace(
      'function initWallet(uint n, uint l) {',
      'function initWallet(uint n, uint l) { if (m_numOwners > 0) throw;',
    );
    expect(lines(guarded, 'unprotected-initializer')).toEqual([]);
    expect(lines(guarded, 'delegatecall-forwarding')).toEqual([]);
  });
});

describe('arithmetic that is really unchecked', () => {
  it('reports results kept in unused locals and does not take require(a - b >= 0) as a guard', () => {
    const src = [
      'pragma solidity ^0.4.24;',
      'contract C {',
      '    uint count = 1; mapping(address => uint) bal;',
      '    function a(uint input) public { uint res = count - input; }', // 4
      '    function b(uint v) public { require(bal[msg.sender] - v >= 0); bal[msg.sender] -= v; }', // 5
      '    function c(uint v) public { require(bal[msg.sender] >= v); bal[msg.sender] -= v; }',
      '    function d(uint v) public { require(v <= 100); count += v; }',
      '}',
    ].join('\n');
    expect(lines(src, 'integer-overflow')).toEqual([4, 5]);
  });
});

describe('denial of service without explicit loops', () => {
  it('reports clearing an array anyone can grow, growth by a caller-chosen amount and caller-bounded push loops', () => {
    const src = [
      'pragma solidity ^0.4.24;',
      'contract D {',
      '    address[] list; uint[] nums; uint[8] fixedSlots; address owner;',
      '    function join() public { list.push(msg.sender); }',
      '    function reset() public { list = new address[](0); }', // 5
      '    function grow(uint n) public { nums.length += n; }', // 6
      '    function many(uint n) public { for (uint i = 0; i < n; i++) nums.push(i); }', // 7
      '    function few(uint n) public { require(n <= 10); for (uint i = 0; i < n; i++) nums.push(i); }',
      '    function wipe() public { delete fixedSlots; }',
      '}',
    ].join('\n');
    expect(lines(src, 'dos-unbounded-operation')).toEqual([5, 6]);
    expect(lines(src, 'dos-unbounded-loop')).toEqual([7]);
  });
});
