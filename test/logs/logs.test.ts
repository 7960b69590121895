import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { logsChecks } from '../../src/checks/logs/index.js';
import { runAudit } from '../../src/engine/run.js';
import type { Scope } from '../../src/scope/schema.js';

const demoLogs = new URL('../../examples/demo/logs/', import.meta.url).pathname;

function scopeFor(path: string): Scope {
  return {
    name: 'logs',
    environment: 'test',
    file: join(path, 'scope.yaml'),
    dir: path,
    targets: [{ id: 'logs', kind: 'logs', path, format: 'auto', tags: [] }],
  };
}

describe('log checks on the demo node log (Bitcoin Core format)', () => {
  it('classifies errors by the error-audit classes and finds the guessing source', async () => {
    const run = await runAudit({
      scope: scopeFor(demoLogs),
      checks: logsChecks,
      options: { intrusive: false, active: false },
    });
    const by = (id: string) => run.findings.filter((f) => f.checkId === id);
    const classes = by('logs.error-classes')[0];
    expect(classes.status).toBe('warn');
    const labels = classes.evidence.map((e) => e.label).join('\n');
    expect(labels).toMatch(/transaction errors: 2/);
    expect(labels).toMatch(/block errors: 3/);
    expect(classes.evidence.map((e) => e.value).join('\n')).toMatch(/AcceptToMemoryPool ×1/);
    expect(by('logs.auth-failures')).toEqual([
      expect.objectContaining({ status: 'fail', message: '3 failed logins from 203.0.113.7' }),
    ]);
    expect(by('logs.record-content')[0].status).toBe('pass');
    expect(by('logs.retention')[0].status).toBe('warn');
    expect(by('logs.crashes')[0].status).toBe('pass');
  });
});

describe('log checks on written samples', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chainaudit-logs-'));
  it('flags secrets (masked), crashes and missing timestamps; passes a clean geth log', async () => {
    const bad = join(dir, 'bad');
    const good = join(dir, 'good');
    for (const d of [bad, good]) mkdirSync(d);
    writeFileSync(
      join(bad, 'node.log'),
      [
        'starting node',
        'loaded config rpcpassword=SuperSecret123 from /etc/node.conf',
        'signer privateKey=0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318',
        'panic: runtime error: invalid memory address or nil pointer dereference',
        'goroutine 1 [running]:',
      ].join('\n'),
    );
    writeFileSync(
      join(good, 'geth.log'),
      [
        'INFO [01-10|08:00:01.123] Starting Geth on Ethereum mainnet...',
        'INFO [07-20|08:00:02.000] Imported new chain segment number=19,000,000',
        'WARN [07-20|08:00:03.000] Served eth_call conn=127.0.0.1:5555 reqid=1 duration=1ms err="execution reverted"',
      ].join('\n'),
    );
    const badRun = await runAudit({
      scope: scopeFor(bad),
      checks: logsChecks,
      options: { intrusive: false, active: false },
    });
    const find = (id: string) => badRun.findings.filter((f) => f.checkId === id);
    const secrets = find('logs.sensitive-data');
    expect(secrets.map((s) => s.message).sort()).toEqual(['password in a log record', 'private key in a log record']);
    const shown = JSON.stringify(secrets);
    expect(shown).not.toContain('SuperSecret123');
    expect(shown).not.toContain('4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318');
    expect(find('logs.crashes')[0]).toMatchObject({ status: 'fail', locations: [{ line: 4 }] });
    expect(find('logs.record-content')[0].status).toBe('fail');

    const goodRun = await runAudit({
      scope: scopeFor(good),
      checks: logsChecks,
      options: { intrusive: false, active: false },
    });
    const status = (id: string) => goodRun.findings.find((f) => f.checkId === id)?.status;
    expect(status('logs.sensitive-data')).toBe('pass');
    expect(status('logs.crashes')).toBe('pass');
    expect(status('logs.record-content')).toBe('pass');
    expect(status('logs.retention')).toBe('pass');
    expect(status('logs.auth-failures')).toBe('pass');
  });

  it('reports an empty or unreadable path as an error, not a pass', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'chainaudit-nologs-'));
    const run = await runAudit({
      scope: scopeFor(empty),
      checks: logsChecks,
      options: { intrusive: false, active: false },
    });
    expect(run.findings.every((f) => f.status === 'error')).toBe(true);
    expect(run.findings[0].message).toContain('no readable log lines');
  });

  it('cuts over-long lines and reads binary garbage without failing', async () => {
    const junk = mkdtempSync(join(tmpdir(), 'chainaudit-junk-'));
    writeFileSync(
      join(junk, 'x.log'),
      Buffer.concat([
        Buffer.from('2026-01-01T00:00:00Z ERROR: CheckBlock(): '),
        Buffer.alloc(200_000, 0x41),
        Buffer.from([0xff, 0xfe, 0, 1, 10]),
      ]),
    );
    chmodSync(join(junk, 'x.log'), 0o644);
    const run = await runAudit({
      scope: scopeFor(junk),
      checks: logsChecks,
      options: { intrusive: false, active: false },
    });
    const classes = run.findings.find((f) => f.checkId === 'logs.error-classes')!;
    expect(classes.status).toBe('warn');
    expect(classes.evidence.every((e) => e.value.length < 2000)).toBe(true);
  });
});
