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
