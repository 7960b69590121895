import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { runBuilt } from '../support/built-cli.js';
import { hasBinary, prerequisite } from '../support/prereq.js';

const bin = new URL('../../bin/chainaudit.js', import.meta.url).pathname;
const built = existsSync(new URL('../../dist/cli/main.js', import.meta.url));

/** Running, not merely a zombie left for an init that does not reap (common in containers). */
function pidAlive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

async function expectGone(pid: number) {
  // the node gets SIGTERM and a grace period before SIGKILL: wait for it, bounded
  for (let i = 0; i < 60 && pidAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  expect(pidAlive(pid), `node ${pid} still running`).toBe(false);
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
    expect(r.stderr).toMatch(/Score [\d.]+ \/ 100\s+Band/);
    expect(r.stderr).toContain('Worst failures');
    expect(r.stderr).toMatch(/^Complete run: .*\nCoverage: Targets reached: (\d+)\/\1 · Checks completed: \d+\/\d+/m);
    for (const f of ['report.json', 'report.md', 'report.html', 'findings.sarif'])
      expect(existsSync(join(r.dir, 'report', f))).toBe(true);
    const report = JSON.parse(readFileSync(join(r.dir, 'report', 'report.json'), 'utf8'));
    const kinds = new Set(report.findings.map((f: { targetId: string }) => f.targetId));
    for (const t of ['demo-node', 'demo-web', 'demo-geth-config', 'demo-k8s', 'demo-keys', 'demo-logs'])
      expect(kinds.has(t), t).toBe(true);
    demo = { dir: r.dir, runId: report.run.id };
  });

  let demo: { dir: string; runId: string } | undefined;

  it('writes SARIF that validates against the 2.1.0 schema, every location under one base and present', () => {
    expect(demo, 'the demo run above').toBeDefined();
    const schema = JSON.parse(readFileSync(new URL('../report/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const sarif = JSON.parse(readFileSync(join(demo!.dir, 'report', 'findings.sarif'), 'utf8'));
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const run = sarif.runs[0];
    expect(Object.keys(run.originalUriBaseIds)).toEqual(['SCOPEROOT']);
    const base = new URL(run.originalUriBaseIds.SCOPEROOT.uri);
    const locations = run.results.flatMap(
      (r: { locations?: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }) =>
        r.locations ?? [],
    );
    expect(locations.length).toBeGreaterThan(20);
    for (const l of locations) {
      const a = l.physicalLocation.artifactLocation;
      const file = a.uriBaseId ? new URL(a.uri, base) : new URL(a.uri);
      expect(existsSync(file), `${a.uriBaseId ?? ''} ${a.uri}`).toBe(true);
    }
  });

  it('`report <run>` re-renders the stored run byte for byte, SARIF included', async () => {
    expect(demo, 'the demo run above').toBeDefined();
    const db = join(demo!.dir, 'h.db');
    for (const [format, file] of [
      ['sarif', 'findings.sarif'],
      ['md', 'report.md'],
      ['html', 'report.html'],
      ['json', 'report.json'],
    ]) {
      const r = await runBuilt(['report', demo!.runId, '--db', db, '--format', format]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout === readFileSync(join(demo!.dir, 'report', file), 'utf8'), file).toBe(true);
    }
  });

  it('prints the Chinese report on A4: nothing cut, evaluation table headers repeated, remediation and findings shown', async (ctx) => {
    if (
      !prerequisite(
        'chromium and pdftotext',
        hasBinary('chromium') && hasBinary('pdftotext'),
        'apt-get install chromium poppler-utils',
      )
    )
      return ctx.skip();
    expect(demo, 'the demo run above').toBeDefined();
    const r = await runBuilt([
      'report',
      demo!.runId,
      '--db',
      join(demo!.dir, 'h.db'),
      '--format',
      'html',
      '--lang',
      'zh',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const html = join(demo!.dir, 'zh.html');
    const pdf = join(demo!.dir, 'zh.pdf');
    writeFileSync(html, r.stdout);
    execFileSync(
      'chromium',
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-pdf-header-footer',
        `--print-to-pdf=${pdf}`,
        `file://${html}`,
      ],
      { stdio: 'ignore', timeout: 120_000 },
    );
    const boxes = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const pages = boxes.split('<page ').slice(1);
    for (const page of pages) {
      const [width, height] = /width="([\d.]+)" height="([\d.]+)"/.exec(page)!.slice(1).map(Number);
      expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
      for (const m of page.matchAll(/xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)</g))
        expect(Number(m[1]) >= 0 && Number(m[2]) <= width, `"${m[3]}" runs off the page`).toBe(true);
    }
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }).split(
      '\f',
    );
    const headed = text.filter((p) =>
      /类别\s+测评项\s+实施\s+预期效果\s+实际测评结果说明\s+结果\s+达标\s+整改建议/.test(p),
    );
    expect(headed.length, 'the evaluation table spans pages and repeats its header on each').toBeGreaterThan(1);
    const all = text.join('\n').replace(/\s+/g, ' ');
    const report = JSON.parse(readFileSync(join(demo!.dir, 'report', 'report.json'), 'utf8'));
    const failing = report.findings.filter((f: { status: string }) => f.status === 'fail');
    expect(all).toContain(failing[0].remediation.slice(0, 30));
    for (const f of failing) expect(all, f.title).toContain(f.title.slice(0, 24));
  });

  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('stops the node on %s and exits 130', async (signal) => {
    let pid = 0;
    let sent = false;
    const r = await runDemo([], (text, child) => {
      const m = /pid (\d+)/.exec(text);
      if (m && !sent) {
        sent = true;
        pid = Number(m[1]);
        child.kill(signal);
      }
    });
    expect(pid).toBeGreaterThan(0);
    expect(r.code, `${r.signal} ${r.stderr}`).toBe(130);
    await expectGone(pid);
  });
});
