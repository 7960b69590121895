import { describe, expect, it } from 'vitest';
import {
  advisoriesFor,
  compareVersions,
  parseUserAgent,
  VERSION_ADVISORIES,
} from '../../src/checks/bitcoin/known-versions.js';
import { evaluateTransport } from '../../src/checks/bitcoin/p2p-transport-encryption.js';
import { evaluateTimeouts, CORE_INACTIVITY_TIMEOUT_S } from '../../src/checks/bitcoin/p2p-connection-timeout.js';
import { parseNodeConfig, type PeerInfo } from '../../src/checks/bitcoin/support.js';
import { allowIpPrefix, tooWide } from '../../src/checks/bitcoin/rpc-allowip.js';
import { banCovers } from '../../src/checks/bitcoin/p2p-ban-list.js';
import { scopeSchema } from '../../src/scope/schema.js';
import { newKey, signP2pkh, spend } from '../../src/analyzers/ledger/bitcoin/p2pkh.js';
import { CONSENSUS_RULES, verifyInput } from '../../src/analyzers/ledger/bitcoin/signatures.js';
import { decodeTxHex, encodeTx, txidOf } from '../../src/analyzers/ledger/bitcoin/tx.js';
import { v2TransportFinding } from '../../src/analyzers/configs/ini.js';
import { auditConfigText } from '../../src/analyzers/configs/index.js';

/**
 * Decision rules whose passing side no node installable here can show (BIP324 peers need Bitcoin
 * Core 26+, a stale peer needs 20 idle minutes, patched versions are not packaged). Peer shapes
 * follow the getpeerinfo documentation of Bitcoin Core 26.
 */
function peer(over: Partial<PeerInfo>): PeerInfo {
  const now = Math.floor(Date.now() / 1000);
  return {
    id: 0,
    addr: '10.0.0.2:8333',
    inbound: false,
    lastsend: now,
    lastrecv: now,
    conntime: now - 3600,
    pingtime: 0.05,
    ...over,
  };
}

describe('version advisory table', () => {
  it('parses user agents and compares dotted versions', () => {
    expect(parseUserAgent('/Satoshi:27.1.0/')).toEqual({ product: 'Satoshi', version: '27.1.0' });
    expect(parseUserAgent('/LitecoinCore:0.21.2.1(ops)/')).toEqual({ product: 'LitecoinCore', version: '0.21.2.1' });
    expect(parseUserAgent('garbage')).toBeUndefined();
    expect(compareVersions('0.21.5.4', '0.21.5')).toBe(1);
    expect(compareVersions('0.9', '0.10')).toBe(-1);
  });

  it('flags affected versions and clears patched ones', () => {
    expect(advisoriesFor('Satoshi', '0.16.2').map((a) => a.fixedIn)).toContain('0.16.3');
    expect(advisoriesFor('Satoshi', '0.13.2').map((a) => a.fixedIn)).not.toContain('0.16.3');
    expect(advisoriesFor('Satoshi', '30.0.0')).toEqual([]);
    expect(advisoriesFor('LitecoinCore', '0.21.4')).toEqual([]);
    expect(advisoriesFor('LitecoinCore', '0.21.1').map((a) => a.severity)).toEqual(['high']);
    expect(VERSION_ADVISORIES.every((a) => /^https:\/\//.test(a.source))).toBe(true);
  });
});

describe('transport encryption rule', () => {
  it('passes only when every peer uses BIP324 v2', () => {
    expect(
      evaluateTransport(
        [peer({ transport_protocol_type: 'v2' }), peer({ transport_protocol_type: 'v2', inbound: true })],
        ['NETWORK', 'WITNESS', 'P2P_V2'],
      ).status,
    ).toBe('pass');
    const mixed = evaluateTransport(
      [peer({ transport_protocol_type: 'v2' }), peer({ transport_protocol_type: 'v1' })],
      ['P2P_V2'],
    );
    expect(mixed.status).toBe('fail');
    expect(mixed.message).toContain('1 of 2');
    expect(evaluateTransport([peer({})], ['NETWORK']).message).toContain('no encrypted P2P transport');
    expect(evaluateTransport([], ['P2P_V2']).status).toBe('pass');
    expect(evaluateTransport([], ['NETWORK']).status).toBe('fail');
  });
});

describe('connection timeout rule', () => {
  it('finds peers idle past the inactivity timeout and counts pinged ones', () => {
    const now = Math.floor(Date.now() / 1000);
    const idle = peer({ addr: 'idle', lastrecv: now - CORE_INACTIVITY_TIMEOUT_S - 600 });
    const v = evaluateTimeouts(
      [idle, peer({ addr: 'fresh' }), peer({ addr: 'young', conntime: now - 10, pingtime: undefined })],
      now,
    );
    expect(v.stale.map((p) => p.addr)).toEqual(['idle']);
    expect(v.mature).toBe(2);
    expect(v.pinged).toBe(2);
    expect(evaluateTimeouts([peer({ pingtime: undefined })], now).pinged).toBe(0);
  });
});

describe('configuration reading', () => {
  it("applies the section of the node's chain and ignores the others", () => {
    const text = [
      'regtest=1',
      'rpcallowip=127.0.0.1',
      '[main]',
      'rpcallowip=0.0.0.0/0',
      '[regtest]',
      'rpcallowip=10.0.0.0/8',
      'test.maxconnections=9',
      '# rpcpassword=commented',
    ].join('\n');
    const cfg = parseNodeConfig(text);
    expect(cfg.get('rpcallowip')).toEqual(['127.0.0.1', '10.0.0.0/8']);
    expect(cfg.has('maxconnections')).toBe(false);
    expect(cfg.has('rpcpassword')).toBe(false);
    expect(parseNodeConfig(text, 'main').get('rpcallowip')).toEqual(['127.0.0.1', '0.0.0.0/0']);
  });

  it('judges allow-list width and ban coverage', () => {
    expect(allowIpPrefix('192.168.1.0/255.255.255.0')).toEqual({ family: 4, prefix: 24, address: '192.168.1.0' });
    expect(tooWide('0.0.0.0/0')).toBe('allows every address');
    expect(tooWide('::/0')).toBe('allows every address');
    expect(tooWide('10.0.0.0/8')).toContain('/8');
    expect(tooWide('10.1.2.0/24')).toBeUndefined();
    expect(tooWide('8.8.8.8')).toBe('allows public address space');
    expect(banCovers('10.0.0.0/8', '10.2.3.4')).toBe(true);
    expect(banCovers('127.0.0.1/32', '127.0.0.2')).toBe(false);
  });

  it('accepts the additive scope fields for Bitcoin-family nodes', () => {
    const s = scopeSchema.parse({
      name: 'x',
      targets: [
        {
          id: 'n',
          kind: 'bitcoin-node',
          rpc: 'http://127.0.0.1:1/',
          configFile: 'conf/litecoin.conf',
          expect: { blockIntervalSeconds: 150, maxLagBlocks: 3 },
        },
      ],
    });
    expect(s.targets[0]).toMatchObject({
      configFile: 'conf/litecoin.conf',
      expect: { blockIntervalSeconds: 150, maxLagBlocks: 3 },
    });
  });
});

describe('transactions the consensus checks build', () => {
  it('are what the ledger analyzer decodes and verifies: same bytes back, valid P2PKH signature', () => {
    const key = newKey();
    const tx = signP2pkh(spend({ txid: '11'.repeat(31) + '22', vout: 3 }, key.script, 49_000n), key);
    const hex = encodeTx(tx).toString('hex');
    const back = decodeTxHex(hex);
    expect(encodeTx(back).toString('hex')).toBe(hex);
    expect(txidOf(back)).toBe(txidOf(tx));
    expect(back.inputs[0].prevTxid.toString('hex')).toBe('22' + '11'.repeat(31));
    expect(verifyInput(back, 0, [{ value: 50_000n, script: key.script }], CONSENSUS_RULES).status).toBe('valid');
    back.inputs[0].scriptSig[10] ^= 1;
    expect(verifyInput(back, 0, [{ value: 50_000n, script: key.script }], CONSENSUS_RULES).status).toBe('invalid');
  });
});

describe('P2P transport encryption in bitcoin.conf, by client and version', () => {
  const v2 = async (text: string, name: string) =>
    (await auditConfigText('bitcoin', text, name)).findings
      .filter((f) => f.rule === 'bitcoin.v2transport')
      .map((f) => f.status);
  it('judges the setting for the client family the file belongs to', async () => {
    expect(await v2('server=1\n', '/etc/bitcoin/bitcoin.conf')).toEqual(['warn']);
    expect(await v2('v2transport=0\n', '/etc/bitcoin/bitcoin.conf')).toEqual(['fail']);
    expect(await v2('v2transport=1\n', '/etc/bitcoin/bitcoin.conf')).toEqual(['pass']);
    expect(await v2('v2transport=1\n', '/etc/litecoin/litecoin.conf')).toEqual(['fail']);
    expect(await v2('server=1\n', 'dogecoin.conf')).toEqual(['fail']);
  });
  it('with the version a running node reports: default on from Bitcoin Core 27.0, off in 26.x, absent before', () => {
    const on = { value: '1', raw: 'v2transport=1' };
    expect(v2TransportFinding(undefined, { product: 'Satoshi', version: '27.1.0' }).status).toBe('pass');
    expect(v2TransportFinding(undefined, { product: 'Satoshi', version: '26.0.0' }).status).toBe('fail');
    expect(v2TransportFinding(on, { product: 'Satoshi', version: '26.0.0' }).status).toBe('pass');
    expect(v2TransportFinding(on, { product: 'Satoshi', version: '25.1.0' }).status).toBe('fail');
    expect(v2TransportFinding(on, { product: 'LitecoinCore', version: '0.21.2.1' }).status).toBe('fail');
  });
});
