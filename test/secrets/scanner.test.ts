import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanSecrets, KDF_THRESHOLDS } from '../../src/analyzers/secrets/index.js';
import { DEV_ACCOUNT_KEYS } from '../../src/analyzers/secrets/known.js';
import { anvilBinary } from '../../src/nodes/anvil.js';
import { main } from '../../src/cli/main.js';
import type { CliEnv } from '../../src/cli/env.js';
import { hasBinary, prerequisite } from '../support/prereq.js';
// @ts-expect-error plain ESM generator shared with the benchmark
import { generatePlantedTree } from '../../corpus/secrets/generate.mjs';
// @ts-expect-error plain ESM scorer shared with the benchmark
import { scoreFindings } from '../../corpus/secrets/score.mjs';

const fixtures = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));
let dir: string;
let manifest: {
  planted: { kind: string; file: string; line: number; startLine?: number; endLine?: number }[];
  lookalikes: unknown[];
};

function captureEnv(): CliEnv & { stdout: string; stderr: string } {
  const env = {
    stdout: '',
    stderr: '',
    out(t: string) {
      env.stdout += `${t}\n`;
    },
    err(t: string) {
      env.stderr += `${t}\n`;
    },
    progress() {},
    setExitCode() {},
    lang: 'en' as const,
    isTTY: false,
  };
  return env;
}

/** Every long token on the planted lines: the raw secrets a report must never contain. */
function plantedSecrets(): string[] {
  const tokens = new Set<string>();
  for (const p of manifest.planted) {
    let text: string;
    try {
      text = readFileSync(join(dir, p.file), 'utf8');
    } catch {
      continue;
    }
    const lines = text.split('\n').slice((p.startLine ?? p.line) - 1, p.endLine ?? p.line);
    for (const m of lines.join('\n').matchAll(/[A-Za-z0-9+/=_-]{24,}/g))
      if (!/^[a-z_-]+$/.test(m[0]) && !m[0].includes('---')) tokens.add(m[0].replace(/^0x/, ''));
  }
  return [...tokens];
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'secrets-corpus-'));
  manifest = generatePlantedTree(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('planted corpus', () => {
  it('finds every planted secret with the right kind and reports no look-alike', async () => {
    const scan = await scanSecrets(dir);
    const score = scoreFindings(manifest, scan.findings);
    expect(score.missed).toEqual([]);
    expect(score.found).toBe(manifest.planted.length);
    expect(score.falseAlarms).toEqual([]);
    expect(score.lookalikeAlarms).toBe(0);
    console.log(
      `secrets corpus: found ${score.found}/${score.planted}, false alarms on look-alikes ${score.lookalikeAlarms}/${score.lookalikes}`,
    );
  });

  it('gives the same results from a pool of worker threads as from one thread', async () => {
    const inline = await scanSecrets(dir, { workers: 1 });
    const pooled = await scanSecrets(dir, { workers: 3 });
    expect(pooled.findings.length).toBeGreaterThan(0);
    expect(pooled.findings).toEqual(inline.findings);
    expect(pooled.encrypted).toEqual(inline.encrypted);
    expect({ ...pooled.stats, durationMs: 0 }).toEqual({ ...inline.stats, durationMs: 0 });
  });

  it('records encrypted key material as evidence, not as findings', async () => {
    const scan = await scanSecrets(dir);
    const kinds = scan.encrypted.map((e) => e.kind).sort();
    expect(kinds).toEqual(['keystore', 'keystore', 'pem-encrypted', 'pem-encrypted', 'wallet-encrypted']);
  });

  it('masks every secret in text, JSON, SARIF and Markdown output', async () => {
    const secrets = plantedSecrets();
    expect(secrets.length).toBeGreaterThan(25);
    for (const format of ['text', 'json', 'sarif', 'md']) {
      const env = captureEnv();
      const code = await main(['node', 'chainaudit', 'secrets', dir, '--format', format], env);
      expect(code).toBe(1);
      const output = env.stdout + env.stderr;
      expect(output.length).toBeGreaterThan(1000);
      const leaked = secrets.filter((s) => output.includes(s));
      expect(leaked, `${format} output leaks`).toEqual([]);
    }
  });

  it('SARIF results point at the planted files and lines', async () => {
    const env = captureEnv();
    await main(['node', 'chainaudit', 'secrets', dir, '--format', 'sarif'], env);
    const sarif = JSON.parse(env.stdout) as {
      runs: {
        results: {
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
        }[];
      }[];
    };
    const results = sarif.runs[0].results;
    expect(results.length).toBe(manifest.planted.length);
    const wif = manifest.planted.find((p) => p.kind === 'wif-private-key')!;
    expect(
      results.some(
        (r) =>
          decodeURIComponent(r.locations[0].physicalLocation.artifactLocation.uri).endsWith(wif.file) &&
          r.locations[0].physicalLocation.region.startLine === wif.line,
      ),
    ).toBe(true);
  });
});

describe('real fixtures', () => {
  it('judges the ethereum/tests keystore vectors by their KDF parameters and flags the plaintext keys beside them', async () => {
    const file = join(fixtures, 'ethereum/tests/KeyStoreTests/basic_tests.json');
    const vectors = JSON.parse(readFileSync(file, 'utf8')) as Record<
      string,
      {
        json: {
          crypto?: { kdf: string; kdfparams: Record<string, number> };
          Crypto?: { kdf: string; kdfparams: Record<string, number> };
        };
        priv: string;
      }
    >;
    const weakExpected = Object.values(vectors).filter(({ json }) => {
      const c = json.crypto ?? json.Crypto!;
      const p = c.kdfparams;
      return c.kdf === 'scrypt'
        ? p.n * (p.r ?? 8) * (p.p ?? 1) < KDF_THRESHOLDS.scryptWork
        : p.c < KDF_THRESHOLDS.pbkdf2Iterations;
    }).length;
    const scan = await scanSecrets(file);
    expect(scan.findings.filter((f) => f.kind === 'keystore-weak-kdf')).toHaveLength(weakExpected);
    const keys = scan.findings.filter((f) => f.kind === 'raw-private-key');
    const distinctPriv = new Set(Object.values(vectors).map((v) => v.priv));
    expect(keys.length).toBeGreaterThanOrEqual(1);
    expect(keys.length).toBeLessThanOrEqual(Object.keys(vectors).length);
    for (const k of keys) expect(k.detail).toContain('"priv"');
    expect(distinctPriv.size).toBeGreaterThan(0);
  });

  it('finds nothing in real chain data (blocks, transactions, signatures, hashes)', async () => {
    const scan = await scanSecrets(join(fixtures, 'ethereum/rpc-blocks'));
    expect(scan.stats.files).toBeGreaterThan(0);
    expect(scan.findings).toEqual([]);
  });

  it('knows the development account keys exactly as anvil prints them', async () => {
    const child = spawn(anvilBinary(), ['--accounts', '20', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let printed = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`anvil printed no keys within 20 s:\n${printed}`)), 20_000);
        child.on('error', reject);
        child.stdout.on('data', (chunk) => {
          printed += chunk;
          if (printed.includes('Wallet')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
    } finally {
      child.kill();
    }
    const section = printed.slice(printed.indexOf('Private Keys'), printed.indexOf('Wallet'));
    const keys = [...section.matchAll(/\(\d+\) 0x([0-9a-f]{64})/g)].map((m) => m[1]);
    expect(keys).toHaveLength(20);
    expect(DEV_ACCOUNT_KEYS).toEqual(keys);
  });
});

describe('inputs', () => {
  it('does not follow symbolic links out of the tree', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'secrets-outside-'));
    const tree = mkdtempSync(join(tmpdir(), 'secrets-tree-'));
    try {
      const wif = readFileSync(join(dir, 'btc/backup.txt'), 'utf8');
      writeFileSync(join(outside, 'key.txt'), wif);
      symlinkSync(join(outside, 'key.txt'), join(tree, 'linked.txt'));
      symlinkSync(outside, join(tree, 'linked-dir'));
      writeFileSync(join(tree, 'README'), 'no secrets here\n');
      const scan = await scanSecrets(tree);
      expect(scan.findings).toEqual([]);
      expect(scan.stats.skippedSymlinks).toBe(2);
      expect(scan.skipped.map((s) => [s.path, s.reason])).toEqual([
        ['linked-dir', 'symlink'],
        ['linked.txt', 'symlink'],
      ]);
      expect(scan.complete).toBe(true);
    } finally {
      rmSync(outside, { recursive: true, force: true });
      rmSync(tree, { recursive: true, force: true });
    }
  });

  it('exits 2 with a one-line message for a missing path and for --git outside a repository', async () => {
    const env = captureEnv();
    expect(await main(['node', 'chainaudit', 'secrets', join(dir, 'does-not-exist')], env)).toBe(2);
    expect(env.stderr.trim().split('\n')).toHaveLength(1);
    const plain = mkdtempSync(join(tmpdir(), 'secrets-nogit-'));
    try {
      const env2 = captureEnv();
      expect(await main(['node', 'chainaudit', 'secrets', plain, '--git'], { ...env2, setExitCode() {} })).toBe(2);
      expect(env2.stderr).toMatch(/not inside a readable git repository/);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });

  it('keeps line numbers right in files scanned through overlapping windows', async () => {
    const tree = mkdtempSync(join(tmpdir(), 'secrets-large-'));
    try {
      const line = readFileSync(join(dir, 'btc/backup.txt'), 'utf8').split('\n')[1];
      const filler = `${'x'.repeat(99)}\n`;
      const before = Math.ceil((16 * 1024 * 1024) / filler.length);
      writeFileSync(join(tree, 'big.txt'), `${filler.repeat(before)}${line}\n${filler.repeat(1000)}`);
      const scan = await scanSecrets(tree);
      expect(scan.findings.map((f) => [f.kind, f.line])).toEqual([['wif-private-key', before + 1]]);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });
});

describe('git history', () => {
  it('names a deleted file whose name is not UTF-8, escaped, and finds its key', async () => {
    if (!prerequisite('git', hasBinary('git'), 'apt-get install git')) return;
    const repo = mkdtempSync(join(tmpdir(), 'secrets-git-raw-'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd: repo });
    try {
      git('init', '-q');
      writeFileSync(
        Buffer.concat([Buffer.from(`${repo}/`), Buffer.from([0x6b, 0xe9, 0x79, 0x2e, 0x74, 0x78, 0x74])]),
        readFileSync(join(dir, 'btc/backup.txt')),
      );
      git('add', '-A');
      git('commit', '-qm', 'add');
      git('rm', '-q', '-r', '.');
      writeFileSync(join(repo, 'README'), 'no secrets here\n');
      git('add', '-A');
      git('commit', '-qm', 'remove');
      const history = await scanSecrets(repo, { git: true });
      expect(history.findings.map((f) => [f.file, f.kind])).toEqual([['k\\xe9y.txt', 'wif-private-key']]);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('finds a key that was committed and later deleted, naming the commit that added it', async () => {
    if (!prerequisite('git', hasBinary('git'), 'apt-get install git')) return;
    const repo = mkdtempSync(join(tmpdir(), 'secrets-git-'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], {
        cwd: repo,
        encoding: 'utf8',
      }).trim();
    try {
      git('init', '-q');
      mkdirSync(join(repo, 'cfg'));
      writeFileSync(join(repo, 'cfg/keys.env'), readFileSync(join(dir, 'app/.env'), 'utf8'));
      git('add', '.');
      git('commit', '-qm', 'add config');
      const added = git('rev-parse', 'HEAD');
      rmSync(join(repo, 'cfg/keys.env'));
      writeFileSync(join(repo, 'README'), 'no secrets here\n');
      git('add', '-A');
      git('commit', '-qm', 'remove config');
      expect((await scanSecrets(repo)).findings).toEqual([]);
      const history = await scanSecrets(repo, { git: true });
      const planted = manifest.planted.filter((p) => p.file === 'app/.env');
      expect(history.findings.map((f) => [f.file, f.line, f.kind]).sort()).toEqual(
        planted.map((p) => ['cfg/keys.env', p.line, p.kind]).sort(),
      );
      for (const f of history.findings) expect(f.commit).toBe(added);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});
