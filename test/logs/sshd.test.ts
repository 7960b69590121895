import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanLogs, type ClassifiedLine } from '../../src/analyzers/logs/scan.js';
import { loadErrorAudit } from '../../src/catalog/load.js';
import { hasBinary, prerequisite } from '../support/prereq.js';
import { driveSshd, type SshdLogs } from './sshd/driver.js';
import { logCheckResults } from './support.js';
import { logLines, score, scoreTable } from './score.js';

function namespacesWork(): boolean {
  try {
    execFileSync('unshare', ['--mount', '--propagation', 'private', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const ready =
  prerequisite(
    'openssh-server',
    hasBinary('/usr/sbin/sshd') && hasBinary('ssh'),
    'apt-get install openssh-server openssh-client',
  ) &&
  prerequisite(
    'systemd-journald',
    hasBinary('/lib/systemd/systemd-journald') && hasBinary('journalctl'),
    'apt-get install systemd',
  ) &&
  prerequisite('rsyslog', hasBinary('/usr/sbin/rsyslogd'), 'apt-get install rsyslog') &&
  prerequisite(
    'mount namespaces (unshare -m, run as root)',
    namespacesWork(),
    'run the tests as root on a host that allows unshare',
  );

describe.runIf(ready)(
  'sshd failed logins, as syslog (RFC 3164, RFC 3339), journald (json, export) and sshd -E write them',
  () => {
    let logs: SshdLogs;
    let stop: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      ({ logs, stop } = await driveSshd());
    }, 180_000);
    afterAll(async () => stop?.());

    const cases: [string, (l: SshdLogs) => string, string, boolean][] = [
      ['RFC 3164 auth.log', (l) => l.authLog, 'syslog', true],
      ['RFC 3339 auth.log', (l) => l.authLogRfc3339, 'syslog-rfc3339', true],
      ['journalctl -o json', (l) => l.journalJson, 'journald-json', true],
      ['journalctl -o export', (l) => l.journalExport, 'journald-export', true],
      ['sshd -E', (l) => l.sshdFile, 'sshd', false],
    ];
    for (const [name, fileOf, format, timestamped] of cases) {
      it(`counts every failed login of ${name} for its source`, async () => {
        const file = fileOf(logs);
        const lines: ClassifiedLine[] = [];
        const s = await scanLogs(file, { errorRules: loadErrorAudit(), onLine: (l) => lines.push(l) });
        expect(s.files.map((f) => f.format)).toEqual([format]);
        // journald keeps the raw syslog datagram beside the message: the same record, not a second one.
        const written = logLines(file).map((l) => (l.startsWith('SYSLOG_RAW=') ? '' : l));
        const sc = score(lines, { [file]: written }, logs.expected);
        console.log(`${name} (found / present):\n${scoreTable(sc)}`);
        expect(sc.unexplained).toEqual([]);
        expect(sc.misplaced).toEqual([]);
        for (const r of sc.rows) {
          if (r.count !== undefined) expect(r.present, `${name}: ${r.why}`).toBe(r.count);
          expect(r.found, `${name}: ${r.why}`).toBe(r.present);
        }
        expect(s.timestamped === s.records).toBe(timestamped);
      });
    }

    it('reports the guessing source through the check, and sshd -E as records without time', async () => {
      const { brief } = await logCheckResults(logs.sshdFile);
      expect(brief['logs.auth-failures']).toEqual(['fail repeated-source source:127.0.0.1']);
      expect(brief['logs.record-content']).toEqual(['fail timestamps timestamps']);
      const syslog = await logCheckResults(logs.authLog);
      expect(syslog.brief['logs.auth-failures']).toEqual(['fail repeated-source source:127.0.0.1']);
      expect(syslog.brief['logs.record-content']).toEqual(['pass timestamps timestamps']);
      expect(syslog.brief['logs.error-classes']).toEqual(['not-applicable not-a-node-log classes']);
    });
  },
);
