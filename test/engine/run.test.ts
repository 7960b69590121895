import { describe, expect, it } from 'vitest';
import { defineCheck, type Check } from '../../src/checks/types.js';
import { runAudit } from '../../src/engine/run.js';
import { selectChecks } from '../../src/engine/select.js';
import type { Scope } from '../../src/scope/schema.js';

const scope: Scope = {
  name: 'engine test',
  environment: 'test',
  file: '/tmp/engine-scope.yaml',
  dir: '/tmp',
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
  items: ['TECH.STATIC.INJECTION'],
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

  it('selects checks by id, item or tag, with globs', () => {
    const a = defineCheck(meta('evm.rpc.cors', { items: ['TECH.RPC.CORS'], tags: ['rpc'] }), async () => []);
    const b = defineCheck(meta('evm.rpc.accounts', { items: ['TECH.RPC.PERMISSION'], tags: ['keys'] }), async () => []);
    const c = defineCheck(
      meta('host.ssh.root', { items: ['BIZ.SERVER.BASIC_CONFIG.SSH_NO_ROOT_LOGIN'], tags: ['ssh'] }),
      async () => [],
    );
    const ids = (cs: Check[]) => cs.map((x) => x.meta.id);
    expect(ids(selectChecks([a, b, c], ['evm.*']))).toEqual(['evm.rpc.cors', 'evm.rpc.accounts']);
    expect(ids(selectChecks([a, b, c], ['TECH.RPC.CORS']))).toEqual(['evm.rpc.cors']);
    expect(ids(selectChecks([a, b, c], ['keys', 'ssh']))).toEqual(['evm.rpc.accounts', 'host.ssh.root']);
    expect(ids(selectChecks([a, b, c], [], ['evm.rpc.*']))).toEqual(['host.ssh.root']);
  });
});
