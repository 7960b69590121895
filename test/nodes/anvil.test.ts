import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { anvilBinary, startAnvil } from '../../src/nodes/anvil.js';
import { liveNodeCount } from '../../src/nodes/cleanup.js';
import { RpcClient } from '../../src/clients/rpc.js';
import { prerequisite } from '../support/prereq.js';

function binaryAvailable(): boolean {
  try {
    return existsSync(anvilBinary());
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.runIf(prerequisite('anvil', binaryAvailable(), 'npm install (@foundry-rs/anvil)'))('startAnvil', () => {
  it('starts a real anvil on loopback, answers RPC, and stop() kills it idempotently', async () => {
    const before = liveNodeCount();
    const node = await startAnvil({ accounts: 2, chainId: 31999 });
    expect(node.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(node.pid).toBeGreaterThan(0);
    expect(liveNodeCount()).toBe(before + 1);
    const rpc = new RpcClient({ url: node.url, timeoutMs: 5000 });
    expect(await rpc.result('eth_chainId')).toBe('0x7cff');
    expect(await rpc.result<string[]>('eth_accounts')).toHaveLength(2);
    await node.stop();
    await node.stop();
    expect(isAlive(node.pid!)).toBe(false);
    expect(liveNodeCount()).toBe(before);
  });

  it('passes hardening flags through: no accounts, CORS off', async () => {
    const node = await startAnvil({ accounts: 0, cors: false });
    try {
      const rpc = new RpcClient({ url: node.url, timeoutMs: 5000 });
      expect(await rpc.result<string[]>('eth_accounts')).toEqual([]);
      const out = await rpc.call('eth_chainId', [], { origin: 'https://evil.example' });
      expect(out.http.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await node.stop();
    }
  });

  it('reports a node that cannot start instead of hanging', async () => {
    await expect(startAnvil({ args: ['--no-such-flag'], startTimeoutMs: 5000 })).rejects.toThrow(/exited/);
    expect(liveNodeCount()).toBe(0);
  });

  it('an aborted start leaves no process behind', async () => {
    const controller = new AbortController();
    const pending = startAnvil({ signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/);
    expect(liveNodeCount()).toBe(0);
  });
});
