import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanLogs, type ClassifiedLine } from '../../src/analyzers/logs/scan.js';
import { loadErrorAudit } from '../../src/catalog/load.js';
import type { LitecoinNetwork } from '../../src/nodes/litecoin.js';
import { hasBinary, prerequisite } from '../support/prereq.js';
import { driveLitecoind, type LitecoindRun } from './litecoind/scenario.js';
import { logCheckResults } from './support.js';
import { logLines, score, scoreTable } from './score.js';

const ready =
  prerequisite('litecoind', hasBinary('litecoind'), 'apt-get install litecoind') &&
  prerequisite('logrotate', hasBinary('logrotate'), 'apt-get install logrotate');

describe.runIf(ready)('a litecoind debug.log written through errors, crashes and refusals', () => {
  let run: LitecoindRun;
  let network: LitecoinNetwork | undefined;
  let dir: string;
  beforeAll(async () => {
    ({ run, network } = await driveLitecoind());
    // The rotated log group alone, as a node operator ships it (the data directory holds binary LevelDB logs too).
    dir = mkdtempSync(join(tmpdir(), 'chainaudit-ltc-logs-'));
    for (const f of run.logFiles) copyFileSync(f, join(dir, basename(f)));
  }, 240_000);
  afterAll(async () => {
    await network?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('classifies every error line the node wrote by its cause, and nothing else', async () => {
    const lines: ClassifiedLine[] = [];
    const s = await scanLogs(dir, { errorRules: loadErrorAudit(), onLine: (l) => lines.push(l) });
    expect(s.unread).toEqual([]);
    expect(s.files.map((f) => [basename(f.path), f.format, f.compressed])).toEqual([
      ['debug.log.2.gz', 'bitcoin-core', true],
      ['debug.log.1', 'bitcoin-core', false],
      ['debug.log', 'bitcoin-core', false],
    ]);
    const files = Object.fromEntries(
      run.logFiles.map((f) => [join(dir, basename(f)), logLines(join(dir, basename(f)))]),
    );
    const sc = score(lines, files, run.expected);
    console.log(`litecoind debug.log (found / present):\n${scoreTable(sc)}`);
    expect(sc.unexplained).toEqual([]);
    expect(sc.misplaced).toEqual([]);
    for (const r of sc.rows) {
      expect(r.present, `the node wrote no line for: ${r.why}`).toBeGreaterThan(0);
      if (r.count !== undefined) expect(r.present, r.why).toBe(r.count);
      expect(r.found, `${r.why}: ${r.contains}`).toBe(r.present);
    }
  });

  it('reads the masked rpcpassword=**** as masked, and counts every record as timestamped', async () => {
    expect(logLines(join(dir, 'debug.log.2.gz')).join('\n')).toContain('rpcpassword=****');
    const s = await scanLogs(dir, { errorRules: loadErrorAudit() });
    expect(s.secretCount).toBe(0);
    expect(s.records).toBeGreaterThan(500);
    expect(s.timestamped).toBe(s.records);
  });

  it('reports through the checks: serious classes, the guessing source, the crashes', async () => {
    const { brief: r } = await logCheckResults(dir);
    expect(r['logs.error-classes']).toEqual(
      expect.arrayContaining([
        'warn serious class:block',
        'warn serious class:consensus',
        'warn serious class:initialization',
      ]),
    );
    expect(r['logs.auth-failures']).toEqual(['fail repeated-source source:127.0.0.1']);
    expect(r['logs.crashes'].sort()).toEqual([
      'fail corrupted-database crash:corrupted-database',
      'fail forced-reindex crash:forced-reindex',
      'fail unclean-shutdown crash:unclean-shutdown',
    ]);
    expect(r['logs.sensitive-data']).toEqual(['pass none secrets']);
    expect(r['logs.record-content']).toEqual(['pass timestamps timestamps']);
    expect(r['logs.retention']).toEqual(['warn span span']);
  });
});
