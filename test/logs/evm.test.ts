import { afterAll, describe, expect, it } from 'vitest';
import { scanLogs, type ClassifiedLine } from '../../src/analyzers/logs/scan.js';
import { loadErrorAudit } from '../../src/catalog/load.js';
import { anvilBinary } from '../../src/nodes/anvil.js';
import { prerequisite } from '../support/prereq.js';
import { devNodeDir, driveAnvil, driveGanache, type DevNodeLog } from './evm/driver.js';
import { logCheckResults } from './support.js';
import { logLines, score, scoreTable } from './score.js';

function hasAnvil(): boolean {
  try {
    return Boolean(anvilBinary());
  } catch {
    return false;
  }
}

async function hasGanache(): Promise<boolean> {
  try {
    await import('ganache');
    return true;
  } catch {
    return false;
  }
}

const ready =
  prerequisite('anvil (npm @foundry-rs/anvil)', hasAnvil(), 'npm install') &&
  prerequisite('ganache (npm devDependency)', await hasGanache(), 'npm install');

async function scored(log: DevNodeLog, name: string) {
  const lines: ClassifiedLine[] = [];
  const s = await scanLogs(log.logFile, { errorRules: loadErrorAudit(), onLine: (l) => lines.push(l) });
  const sc = score(lines, { [log.logFile]: logLines(log.logFile) }, log.expected);
  console.log(`${name} (found / present):\n${scoreTable(sc)}`);
  expect(sc.unexplained).toEqual([]);
  expect(sc.misplaced).toEqual([]);
  for (const r of sc.rows) {
    if (r.count !== undefined) expect(r.present, `${name}: ${r.why}`).toBe(r.count);
    expect(r.found, `${name}: ${r.why}: ${r.contains}`).toBe(r.present);
  }
  return { s, lines };
}

describe.runIf(ready)('development nodes logging keys, passphrases and errors', () => {
  const { dir, remove } = devNodeDir();
  afterAll(remove);

  it('anvil with tracing logs: errors by cause, start-banner keys (publicly known), ANSI-wrapped timestamps', async () => {
    const log = await driveAnvil(dir, false);
    const { s, lines } = await scored(log, 'anvil');
    expect(s.files[0].format).toBe('tracing');
    expect(s.records).toBeGreaterThan(10);
    expect(s.timestamped).toBe(s.records);
    const keys = lines.filter((l) => l.aspect === 'secret' && l.kind === 'raw-private-key');
    expect(keys.every((k) => k.aspect === 'secret' && k.wellKnown)).toBe(true);
    const shown = JSON.stringify(lines);
    for (const e of log.expected)
      if (e.aspect === 'secret' && e.kind === 'raw-private-key') expect(shown).not.toContain(e.contains.slice(6));
    const { brief } = await logCheckResults(log.logFile);
    expect(new Set(brief['logs.sensitive-data'].map((r) => r.split(' ')[1]))).toEqual(new Set(['well-known-key']));
    expect(brief['logs.record-content']).toEqual(['pass timestamps timestamps']);
  });

  it('anvil with a random mnemonic: the keys it prints are real secrets', async () => {
    const log = await driveAnvil(dir, true);
    const { lines } = await scored(log, 'anvil --mnemonic-random');
    const keys = lines.filter((l) => l.aspect === 'secret' && l.kind === 'raw-private-key');
    expect(keys).toHaveLength(10);
    expect(keys.some((k) => k.aspect === 'secret' && k.wellKnown)).toBe(false);
    const { brief } = await logCheckResults(log.logFile);
    expect(brief['logs.sensitive-data'].filter((r) => r.startsWith('fail private-key'))).toHaveLength(10);
    expect(brief['logs.sensitive-data'].filter((r) => r.startsWith('fail mnemonic'))).toHaveLength(1);
  });

  it('ganache --logging.verbose: the key and passphrases of personal_* calls, the banner keys, no timestamps', async () => {
    const log = await driveGanache(dir);
    const { s } = await scored(log, 'ganache');
    expect(s.files[0].format).toBe('evm-devnode');
    expect(s.timestamped).toBe(0);
    const { brief } = await logCheckResults(log.logFile);
    expect(brief['logs.sensitive-data'].filter((r) => r.startsWith('fail password'))).toHaveLength(3);
    expect(brief['logs.record-content']).toEqual(['fail timestamps timestamps']);
  });
});
