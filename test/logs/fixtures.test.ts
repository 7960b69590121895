import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { scanLogs, type ClassifiedLine } from '../../src/analyzers/logs/scan.js';
import { loadErrorAudit } from '../../src/catalog/load.js';
import type { FixtureSpec } from './fixtures/produce.js';
import { logLines, score, scoreTable } from './score.js';

/**
 * The committed fixtures (test/logs/fixtures, written by the real software or, where it does not
 * run here, taken from the clients' documentation and source — see the README there): every file
 * is recognised as its format, and every line the classifier puts somewhere is the expected one.
 */
const ROOT = new URL('./fixtures/', import.meta.url).pathname;
const folders = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('log fixtures written by real software', () => {
  for (const folder of folders) {
    const spec = parse(readFileSync(join(ROOT, folder, 'expected.yml'), 'utf8')) as FixtureSpec;
    it(`${folder}: formats recognised, every expected line found, nothing else`, async () => {
      const lines: ClassifiedLine[] = [];
      const s = await scanLogs(join(ROOT, folder), { errorRules: loadErrorAudit(), onLine: (l) => lines.push(l) });
      expect(s.unread).toEqual([]);
      const formats = Object.fromEntries(s.files.map((f) => [f.path.slice(join(ROOT, folder).length + 1), f.format]));
      expect(formats).toEqual(spec.files);
      const files = Object.fromEntries(
        Object.keys(spec.files).map((f) => {
          const path = join(ROOT, folder, f);
          // journald keeps the raw syslog datagram beside the message: the same record, not a second one.
          return [path, logLines(path).map((l) => (l.startsWith('SYSLOG_RAW=') ? '' : l))];
        }),
      );
      const sc = score(lines, files, spec.expected);
      console.log(`${folder} (found / present):\n${scoreTable(sc)}`);
      expect(sc.unexplained).toEqual([]);
      expect(sc.misplaced).toEqual([]);
      for (const r of sc.rows) {
        expect(r.present, `${folder}: nothing written for ${r.why}`).toBeGreaterThan(0);
        if (r.count !== undefined) expect(r.present, `${folder}: ${r.why}`).toBe(r.count);
        expect(r.found, `${folder}: ${r.why}: ${r.contains}`).toBe(r.present);
      }
    });
  }
});
