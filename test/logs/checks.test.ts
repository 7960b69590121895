import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanLogs, type ClassifiedLine } from '../../src/analyzers/logs/scan.js';
import { loadErrorAudit } from '../../src/catalog/load.js';
import { logsChecks } from '../../src/checks/logs/index.js';
import { runAudit } from '../../src/engine/run.js';
import { scopeSchema, type Scope } from '../../src/scope/schema.js';
import { logCheckResults } from './support.js';

/**
 * The log checks' verdicts, by result id, on logs real software wrote (test/logs/fixtures) and on
 * the demo's node log; the user's own classification rules for a fork; the rules file refused when
 * malformed.
 */
const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'chainaudit-log-checks-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('log checks through the engine', () => {
  it('the demo node log: serious classes, the guessing source, no crash; findings carry result ids', async () => {
    const dir = new URL('../../examples/demo/logs/', import.meta.url).pathname;
    const parsed = scopeSchema.parse({
      name: 'demo logs',
      environment: 'test',
      targets: [{ id: 'logs', kind: 'logs', path: dir }],
    });
    const scope: Scope = { ...parsed, file: join(dir, 'scope.yaml'), dir };
    const run = await runAudit({ scope, checks: logsChecks, options: { intrusive: false, active: false } });
    const of = (id: string) => run.findings.filter((f) => f.checkId === id).map((f) => `${f.status} ${f.result}`);
    expect(of('logs.error-classes')).toEqual(['warn serious']);
    expect(of('logs.auth-failures')).toEqual(['fail repeated-source']);
    expect(run.findings.find((f) => f.checkId === 'logs.auth-failures')?.message).toContain('203.0.113.7');
    expect(of('logs.crashes')).toEqual(['pass none']);
    expect(of('logs.record-content')).toEqual(['pass timestamps']);
    expect(of('logs.retention')).toEqual(['warn span']);
    expect(of('logs.sensitive-data')).toEqual(['pass none']);
  });
});

describe('log checks on logs real software wrote', () => {
  it('secrets in nginx URLs and bodies are reported masked; the operator-filtered log passes', async () => {
    const { results, brief } = await logCheckResults(join(FIXTURES, 'nginx'));
    const kinds = brief['logs.sensitive-data'].map((r) => r.split(' ').slice(0, 2).join(' '));
    expect(new Set(kinds)).toEqual(
      new Set(['fail private-key', 'fail mnemonic', 'fail password', 'fail authorization-header']),
    );
    const shown = JSON.stringify(results['logs.sensitive-data']);
    for (const secret of [
      'hunter2',
      'body-passphrase-7',
      'legal winner thank year',
      '8da4ef21b864d2cc',
      'cnBjdXNlcjpycGMtcGFzc3dvcmQtMQ',
    ])
      expect(shown, secret).not.toContain(secret);
    const filtered = await logCheckResults(join(FIXTURES, 'nginx', 'filtered.log'));
    expect(filtered.brief['logs.sensitive-data']).toEqual(['pass none secrets']);
    expect(brief['logs.auth-failures']).toEqual(['fail repeated-source source:127.0.0.1']);
    expect(brief['logs.crashes']).toEqual(['pass none crashes']);
  });

  it('crash kinds: Redis, PostgreSQL, a Go runtime, the OOM killer', async () => {
    const kinds = async (folder: string) =>
      (await logCheckResults(join(FIXTURES, folder))).brief['logs.crashes'].sort();
    expect(await kinds('redis')).toEqual([
      'fail assertion-failed crash:assertion-failed',
      'fail crash-report crash:crash-report',
      'fail unclean-shutdown crash:unclean-shutdown',
    ]);
    expect(await kinds('postgresql')).toEqual([
      'fail crash-report crash:crash-report',
      'fail unclean-shutdown crash:unclean-shutdown',
    ]);
    expect(await kinds('go')).toEqual(['fail go-panic crash:go-panic']);
    expect(await kinds('oom')).toEqual(['fail out-of-memory crash:out-of-memory']);
  });

  it('the node log is masked by the node itself (rpcpassword=****): no secret', async () => {
    const { brief } = await logCheckResults(join(FIXTURES, 'litecoind'));
    expect(brief['logs.sensitive-data']).toEqual(['pass none secrets']);
  });

  it('service logs are not node logs: the error classes do not apply', async () => {
    const { brief } = await logCheckResults(join(FIXTURES, 'postgresql'));
    expect(brief['logs.error-classes']).toEqual(['not-applicable not-a-node-log classes']);
  });
});

describe('classification rules for a fork, as data', () => {
  const debugLog = join(FIXTURES, 'litecoind', 'debug.log.2.gz');

  it('a user file extends the Bitcoin Core family: its reasons are asked first and refine the built-in ones', async () => {
    const rules = join(tmp, 'my-fork.yaml');
    writeFileSync(
      rules,
      `errorRules:
  - client: my-litecoin-fork
    extends: bitcoin-core
    reasons:
      consensus: [txn-mempool-conflict]
    messages:
      network: ['Added connection peer=']
`,
    );
    const classes = async (files: string[]) => {
      const lines: ClassifiedLine[] = [];
      await scanLogs(debugLog, { errorRules: loadErrorAudit(files), onLine: (l) => lines.push(l) });
      return lines.filter((l) => l.aspect === 'error');
    };
    const builtin = await classes([]);
    const fork = await classes([rules]);
    const conflict = (ls: ClassifiedLine[]) =>
      ls
        .filter((l) => l.text.includes('was not accepted: txn-mempool-conflict'))
        .map((l) => l.aspect === 'error' && l.classId);
    expect(conflict(builtin)).toEqual(['transaction']);
    expect(conflict(fork)).toEqual(['consensus']);
    expect(fork.filter((l) => l.text.includes('Added connection peer=')).length).toBeGreaterThan(0);
    expect(builtin.filter((l) => l.text.includes('Added connection peer='))).toEqual([]);
    // Named in the scope, the file reaches the checks.
    const { results } = await logCheckResults(debugLog, { errorRules: [rules] });
    expect(JSON.stringify(results['logs.error-classes'])).toContain('consensus errors');
  });

  it('a malformed rules file is refused, naming the file and what is wrong', () => {
    const unknownClass = join(tmp, 'bad-class.yaml');
    writeFileSync(
      unknownClass,
      'errorRules:\n  - client: x\n    formats: [bitcoin-core]\n    reasons:\n      weather: [rain]\n',
    );
    expect(() => loadErrorAudit([unknownClass])).toThrow(
      /bad-class\.yaml: error rules of x name unknown class "weather"/,
    );
    const shortPhrase = join(tmp, 'short.yaml');
    writeFileSync(
      shortPhrase,
      'errorRules:\n  - client: x\n    formats: [bitcoin-core]\n    messages:\n      block: [ab]\n',
    );
    expect(() => loadErrorAudit([shortPhrase])).toThrow(/short\.yaml/);
    const noParent = join(tmp, 'orphan.yaml');
    writeFileSync(noParent, 'errorRules:\n  - client: x\n    extends: no-such-client\n');
    expect(() => loadErrorAudit([noParent])).toThrow(
      /orphan\.yaml: error rules of x extend unknown client "no-such-client"/,
    );
  });

  it('a rules file naming an unknown log format makes the log checks an error naming it', async () => {
    const rules = join(tmp, 'unknown-format.yaml');
    writeFileSync(
      rules,
      'errorRules:\n  - client: x\n    formats: [no-such-format]\n    messages:\n      block: [Bad thing]\n',
    );
    await expect(scanLogs(debugLog, { errorRules: loadErrorAudit([rules]) })).rejects.toThrow(
      /unknown-format\.yaml: client x names unknown log format "no-such-format"/,
    );
  });
});
