import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineCheck, type Check } from '../../src/checks/types.js';
import { runAudit } from '../../src/engine/run.js';
import { selectChecks } from '../../src/engine/select.js';
import type { Scope } from '../../src/scope/schema.js';
import { freePort } from '../support/ports.js';

const dir = mkdtempSync(join(tmpdir(), 'chainaudit-engine-'));
for (const d of ['a', 'b', 'k']) mkdirSync(join(dir, d));

const scope: Scope = {
  name: 'engine test',
  environment: 'test',
  file: join(dir, 'scope.yaml'),
  dir,
  targets: [
    { id: 'c1', kind: 'contracts', path: 'a', tags: [] },
    { id: 'c2', kind: 'contracts', path: 'b', tags: [], chain: 'x' },
    { id: 'k1', kind: 'kubernetes', path: 'k', tags: [], chain: 'x' },
  ],
};

const meta = (id: string, extra: Partial<Check['meta']> = {}): Check['meta'] => ({
  id,
  title: id,
  description: 'd',
  targetKinds: ['contracts'],
  severity: 'medium',
  confidence: 'high',
  tags: ['demo-tag'],
  remediation: 'r',
  references: [],
  level: 'passive',
  ...extra,
});

describe('engine', () => {
  it('turns a throwing check into an error finding and completes the run', async () => {
    const boom = defineCheck(meta('t.boom'), async () => {
      throw new Error('kaboom');
    });
    const fine = defineCheck(meta('t.fine'), async (ctx) => [{ status: 'pass', message: `ok ${ctx.target.id}` }]);
    const run = await runAudit({ scope, checks: [boom, fine], options: { intrusive: false, active: false } });
    expect(run.findings.filter((f) => f.checkId === 't.boom')).toEqual([
      expect.objectContaining({ status: 'error', targetId: 'c1', message: expect.stringContaining('kaboom') }),
      expect.objectContaining({ status: 'error', targetId: 'c2' }),
    ]);
    expect(run.findings.filter((f) => f.checkId === 't.fine').map((f) => f.status)).toEqual(['pass', 'pass']);
  });

  it('stops a check at its timeout and aborts its signal', async () => {
    let aborted = false;
    const slow = defineCheck(meta('t.slow', { timeoutMs: 100 }), (ctx) => {
      ctx.signal.addEventListener('abort', () => (aborted = true));
      return new Promise(() => undefined);
    });
    const started = Date.now();
    const run = await runAudit({ scope, checks: [slow], options: { intrusive: false, active: false } });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(run.findings[0]).toMatchObject({
      status: 'error',
      message: expect.stringContaining('timed out after 100 ms'),
    });
    expect(aborted).toBe(true);
  });

  it('holds back intrusive and active checks unless allowed', async () => {
    const intrusive = defineCheck(meta('t.intrusive', { level: 'intrusive' }), async () => [
      { status: 'pass', message: 'x' },
    ]);
    const active = defineCheck(meta('t.active', { level: 'active' }), async () => [{ status: 'pass', message: 'x' }]);
    const held = await runAudit({ scope, checks: [intrusive, active], options: { intrusive: false, active: false } });
    expect(held.findings).toHaveLength(0);
    expect(held.checksHeldBack.map((h) => h.checkId)).toEqual(['t.intrusive', 't.active']);
    const allowed = await runAudit({ scope, checks: [intrusive, active], options: { intrusive: true, active: true } });
    expect(allowed.findings).toHaveLength(4);
  });

  it('runs chain checks once per chain group', async () => {
    const groups: string[][] = [];
    const chain = defineCheck(
      meta('t.chain', { granularity: 'chain', targetKinds: ['contracts', 'kubernetes'] }),
      async (ctx) => {
        groups.push(ctx.group.map((t) => t.id));
        return [{ status: 'pass', message: 'ok' }];
      },
    );
    const run = await runAudit({ scope, checks: [chain], options: { intrusive: false, active: false } });
    expect(groups.sort()).toEqual([['c1'], ['c2', 'k1']]);
    expect(run.findings.map((f) => f.targetId).sort()).toEqual(['chain:c1', 'chain:x']);
  });

  it('gives distinct stable fingerprints per key', async () => {
    const multi = defineCheck(meta('t.multi'), async () => [
      { status: 'fail', message: 'a', key: 'a.sol:1' },
      { status: 'fail', message: 'b', key: 'a.sol:2' },
    ]);
    const r1 = await runAudit({ scope, checks: [multi], options: { intrusive: false, active: false } });
    const r2 = await runAudit({ scope, checks: [multi], options: { intrusive: false, active: false } });
    expect(new Set(r1.findings.map((f) => f.fingerprint)).size).toBe(4);
    expect(r1.findings.map((f) => f.fingerprint)).toEqual(r2.findings.map((f) => f.fingerprint));
  });

  it('bounds concurrency', async () => {
    let running = 0;
    let peak = 0;
    const many: Check[] = Array.from({ length: 10 }, (_, i) =>
      defineCheck(meta(`t.c${i}`), async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 20));
        running--;
        return [{ status: 'pass', message: 'ok' }];
      }),
    );
    await runAudit({ scope, checks: many, options: { intrusive: false, active: false }, concurrency: 3 });
    expect(peak).toBe(3);
  });

  it('selects checks by id, item (through the frameworks) or tag, with globs', () => {
    const a = defineCheck(meta('evm.rpc.cors', { tags: ['rpc'] }), async () => []);
    const b = defineCheck(meta('evm.rpc.accounts', { tags: ['keys'] }), async () => []);
    const c = defineCheck(meta('host.ssh.root', { tags: ['ssh'] }), async () => []);
    const items: Record<string, string[]> = {
      'evm.rpc.cors': ['TECH.RPC.CORS'],
      'evm.rpc.accounts': ['TECH.RPC.PERMISSION'],
      'host.ssh.root': ['BIZ.SERVER.BASIC_CONFIG.SSH_NO_ROOT_LOGIN'],
    };
    const select = (only: string[], skip: string[] = []) =>
      selectChecks([a, b, c], only, skip, (id) => items[id] ?? []).map((x) => x.meta.id);
    expect(select(['evm.*'])).toEqual(['evm.rpc.cors', 'evm.rpc.accounts']);
    expect(select(['TECH.RPC.CORS'])).toEqual(['evm.rpc.cors']);
    expect(select(['keys', 'ssh'])).toEqual(['evm.rpc.accounts', 'host.ssh.root']);
    expect(select([], ['evm.rpc.*'])).toEqual(['host.ssh.root']);
  });

  it('a sub-result a check does not declare becomes an error, never a silent verdict', async () => {
    const sloppy = defineCheck(meta('t.sloppy', { results: { known: { title: 'known' } } }), async () => [
      { status: 'pass', message: 'ok', result: 'known' },
      { status: 'pass', message: 'typo', result: 'knwon', key: 'typo' },
    ]);
    const run = await runAudit({ scope, checks: [sloppy], options: { intrusive: false, active: false } });
    const c1 = run.findings.filter((f) => f.targetId === 'c1');
    expect(c1.map((f) => [f.status, f.result])).toEqual([
      ['pass', 'known'],
      ['error', undefined],
    ]);
    expect(c1[1].message).toContain('does not declare');
  });
});

describe('engine: targets it cannot reach or read', () => {
  const nodeCheck = (id: string, extra: Partial<Check['meta']> = {}) =>
    defineCheck(meta(id, { targetKinds: ['evm-node'], ...extra }), async (ctx) => [
      { status: 'pass', message: `looked at ${ctx.group.map((t) => t.id).join(',')}` },
    ]);

  it('a node that is down is one finding, and none of its checks run', async () => {
    const port = await freePort();
    const down: Scope = {
      ...scope,
      targets: [{ id: 'n1', kind: 'evm-node', rpc: `http://127.0.0.1:${port}`, tags: [], expect: {} }],
    };
    const checks = Array.from({ length: 13 }, (_, i) => nodeCheck(`t.n${i}`));
    const run = await runAudit({ scope: down, checks, options: { intrusive: false, active: false } });
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({ checkId: 'target.unreachable', status: 'error', severity: 'high' });
    expect(run.unreachable.map((u) => u.targetId)).toEqual(['n1']);
    expect(run.notRun).toHaveLength(13);
    expect(run.ran).toBe(0);
  });

  it('a server that answers HTML or nothing instead of JSON-RPC counts as unreachable, not as a node', async () => {
    for (const answer of ['<html><body>It works!</body></html>', '']) {
      const server = createServer((sock) => {
        sock.on('data', () =>
          sock.end(`HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: ${answer.length}\r\n\r\n${answer}`),
        );
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const port = (server.address() as { port: number }).port;
      try {
        const web: Scope = {
          ...scope,
          targets: [{ id: 'n1', kind: 'evm-node', rpc: `http://127.0.0.1:${port}`, tags: [], expect: {} }],
        };
        const run = await runAudit({
          scope: web,
          checks: [nodeCheck('t.n')],
          options: { intrusive: false, active: false },
        });
        expect(run.findings.map((f) => f.checkId)).toEqual(['target.unreachable']);
        expect(run.findings[0].message).toContain('not in JSON-RPC');
      } finally {
        server.close();
      }
    }
  });

  it('a missing path is one finding naming it, and its checks do not run', async () => {
    const missing: Scope = { ...scope, targets: [{ id: 'c9', kind: 'contracts', path: 'no-such-folder', tags: [] }] };
    const run = await runAudit({
      scope: missing,
      checks: [defineCheck(meta('t.x'), async () => [{ status: 'pass', message: 'ok' }])],
      options: { intrusive: false, active: false },
    });
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({ checkId: 'target.unreadable', targetId: 'c9' });
    expect(run.findings[0].message).toContain('no-such-folder: no such file or folder');
  });

  it('a chain check runs on the nodes it can reach and records that it covered only part of the chain', async () => {
    const { startAnvil } = await import('../../src/nodes/anvil.js');
    const node = await startAnvil();
    try {
      const port = await freePort();
      const chain: Scope = {
        ...scope,
        targets: [
          { id: 'up', kind: 'evm-node', chain: 'x', rpc: node.url, tags: [], expect: {} },
          { id: 'down', kind: 'evm-node', chain: 'x', rpc: `http://127.0.0.1:${port}`, tags: [], expect: {} },
        ],
      };
      const run = await runAudit({
        scope: chain,
        checks: [nodeCheck('t.chain', { granularity: 'chain' })],
        options: { intrusive: false, active: false },
      });
      expect(run.findings.map((f) => [f.checkId, f.message])).toEqual([
        ['target.unreachable', expect.stringContaining('cannot be reached')],
        ['t.chain', 'looked at up'],
      ]);
      expect(run.notRun).toEqual([
        { checkId: 't.chain', targetId: 'chain:x', reason: expect.stringContaining('ran on 1 of 2') },
      ]);
    } finally {
      await node.stop();
    }
  });
});
