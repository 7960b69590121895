import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveNodeCount } from '../../src/nodes/cleanup.js';
import {
  managedLitecoinNode,
  rpcAuthLine,
  startLitecoinNetwork,
  type LitecoinNetwork,
} from '../../src/nodes/litecoin.js';
import { hasBinary, prerequisite } from '../support/prereq.js';

const ready = prerequisite('litecoind', hasBinary('litecoind'), 'apt-get install -y litecoind');

describe.runIf(ready)('litecoind regtest network manager', () => {
  let net: LitecoinNetwork;

  beforeAll(async () => {
    net = await startLitecoinNetwork({ nodes: 2, auth: 'hardened' });
  });

  afterAll(async () => {
    await net?.stop();
  });

  it('starts peered nodes with rpcauth, mines and syncs', async () => {
    expect(net.nodes).toHaveLength(2);
    const conf = readFileSync(net.node(0).confFile, 'utf8');
    expect(conf).toMatch(/^rpcauth=audit0:[0-9a-f]{32}\$[0-9a-f]{64}$/m);
    expect(conf).not.toContain(net.node(0).password);
    expect(await net.node(0).call<number>('getconnectioncount')).toBeGreaterThanOrEqual(1);
    const hashes = await net.mine(3, 0);
    expect(hashes).toHaveLength(3);
    await net.waitForSync();
    expect(await net.node(1).call<string>('getbestblockhash')).toBe(hashes[2]);
    expect(managedLitecoinNode(net.node(1).rpcUrl)).toBe(net.node(1));
    expect(managedLitecoinNode('http://localhost:' + net.node(1).rpcPort)).toBe(net.node(1));
  });

  it('stops one node, keeps mining on the other and catches up after restart', async () => {
    await net.stopNode(1);
    expect(net.node(1).running).toBe(false);
    await net.node(1).stop();
    const more = await net.mine(2, 0);
    await net.restartNode(1);
    await net.waitForSync();
    expect(await net.node(1).call<string>('getbestblockhash')).toBe(more[1]);
  });

  it('computes rpcauth lines the way rpcauth.py does', () => {
    // Vector computed with Python: hmac.new(b"cb77f0957de88ff388cf817ddbc7273", b"password", "SHA256").hexdigest()
    expect(rpcAuthLine('alice', 'password', 'cb77f0957de88ff388cf817ddbc7273')).toBe(
      'alice:cb77f0957de88ff388cf817ddbc7273$' + '9565c5c6ed9bb1f0f0f3207e04b8a36129e92c0569f97ed0293919de56aece06',
    );
  });

  it('tears everything down idempotently', async () => {
    const root = net.root;
    const before = liveNodeCount();
    await net.stop();
    await net.stop();
    expect(existsSync(root)).toBe(false);
    expect(liveNodeCount()).toBeLessThan(before);
    expect(net.nodes.every((n) => !n.running)).toBe(true);
  });
});
