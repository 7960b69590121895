import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prerequisite } from '../support/prereq.js';

const bin = new URL('../../bin/chainaudit.js', import.meta.url).pathname;
const built = existsSync(new URL('../../dist/cli/main.js', import.meta.url));

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function runDemo(args: string[], onStderr?: (text: string, child: ReturnType<typeof spawn>) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'chainaudit-demo-'));
  const child = spawn(
    process.execPath,
    [bin, 'demo', '--out', join(dir, 'report'), '--db', join(dir, 'h.db'), ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    // picocolors colours output when CI is set; assertions read the plain text
    stderr += d.toString().replace(/\x1b\[[0-9;]*m/g, '');
    onStderr?.(stderr, child);
  });
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; dir: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr, dir })),
  );
}

describe('chainaudit demo (built CLI, real anvil)', () => {
  if (!prerequisite('built CLI', built, 'run `npm run build` first')) return;

  it('audits the node and the demo files, writes the report folder and stops the node', async () => {
    const r = await runDemo([]);
    expect(r.code, r.stderr).toBe(0);
    const pid = Number(/pid (\d+)/.exec(r.stderr)?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(pidAlive(pid)).toBe(false);
    expect(r.stderr).toMatch(/score [\d.]+ \/ 100\s+band/);
    expect(r.stderr).toContain('worst failures');
    for (const f of ['report.json', 'report.md', 'report.html', 'findings.sarif'])
      expect(existsSync(join(r.dir, 'report', f))).toBe(true);
    const report = JSON.parse(readFileSync(join(r.dir, 'report', 'report.json'), 'utf8'));
    const kinds = new Set(report.findings.map((f: { targetId: string }) => f.targetId));
    for (const t of ['demo-node', 'demo-web', 'demo-geth-config', 'demo-k8s', 'demo-keys', 'demo-logs'])
      expect(kinds.has(t), t).toBe(true);
  });

  it('stops the node on Ctrl-C', async () => {
    let pid = 0;
    let sent = false;
    const r = await runDemo([], (text, child) => {
      const m = /pid (\d+)/.exec(text);
      if (m && !sent) {
        sent = true;
        pid = Number(m[1]);
        child.kill('SIGINT');
      }
    });
    expect(pid).toBeGreaterThan(0);
    expect(r.code === 130 || r.signal === 'SIGINT', `${r.code} ${r.signal} ${r.stderr}`).toBe(true);
    // The node gets SIGTERM and a grace period before SIGKILL: wait for it, bounded.
    for (let i = 0; i < 50 && pidAlive(pid); i++) await new Promise((res) => setTimeout(res, 100));
    expect(pidAlive(pid)).toBe(false);
  });
});
