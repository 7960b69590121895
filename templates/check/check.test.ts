// The template's test, copied beside the new check by `npm run new-check`. Real parts: a real node
// (anvil) for pass and fail, and a FAKE hostile server for the answer no real node gives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnvil, type ManagedNode } from '../../src/nodes/anvil.js';
import { audit, scopeOf } from '../../test/evm/support.js';
import { startFakeHostileServer, type FakeHostileServer } from '../../test/evm/fake-hostile-server.js';
import check from './check.js';

describe('example.node.chain-id', () => {
  let node: ManagedNode;
  let fake: FakeHostileServer;
  beforeAll(async () => {
    node = await startAnvil({ chainId: 31337 });
    fake = await startFakeHostileServer();
  });
  afterAll(async () => {
    await node?.stop();
    await fake?.close();
  });

  it('passes when the node serves the expected chain id, fails when it does not', async () => {
    const [ok] = await audit([check], scopeOf([{ id: 'n', rpc: node.url, expect: { chainId: 31337 } }]));
    expect([ok.result, ok.status]).toEqual(['chain-id', 'pass']);
    const [wrong] = await audit([check], scopeOf([{ id: 'n', rpc: node.url, expect: { chainId: 1 } }]));
    expect([wrong.result, wrong.status]).toEqual(['chain-id', 'fail']);
  });

  it('does not apply without an expectation in the scope', async () => {
    const [f] = await audit([check], scopeOf([{ id: 'n', rpc: node.url }]));
    expect(f.status).toBe('not-applicable');
  });

  it('fails closed on an answer it cannot read', async () => {
    const [f] = await audit([check], scopeOf([{ id: 'n', rpc: fake.url('hostile-version'), expect: { chainId: 1 } }]));
    expect([f.result, f.status]).toEqual(['chain-id', 'error']);
  });
});
