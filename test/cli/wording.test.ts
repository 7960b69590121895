import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** What users get: the code, the catalog, the examples, the schema and the documentation. */
const PRODUCT = ['src', 'catalog', 'examples', 'schemas', 'docs', 'README.md', 'bin'];

/** Ways the development workspace could leak into the product: its document numbers and paths. */
const INTERNAL = [
  /\bseeds? ?-?0\d\d\b/i,
  /\bseed tables?\b/i,
  /beyond-seeds/i,
  /\bshared\/(seeds|reference)\b/,
  /\breference\/[\w-]+\.md\b/,
];

function* files(path: string): Generator<string> {
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path)) yield* files(join(path, name));
  } else if (/\.(ts|js|mjs|json|ya?ml|md|sol|toml|conf|env|txt|html)$/.test(path) || !/\.\w+$/.test(path)) yield path;
}

describe('the product speaks only of itself', () => {
  it('cites source documents by title and publisher, never by workspace numbers or paths', () => {
    const hits: string[] = [];
    for (const top of PRODUCT)
      for (const file of files(join(root, top))) {
        if (/\.wasm$/.test(file)) continue;
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (INTERNAL.some((re) => re.test(line)))
              hits.push(`${relative(root, file)}:${i + 1}: ${line.trim().slice(0, 120)}`);
          });
      }
    expect(hits).toEqual([]);
  });

  it('names the title and publisher of each source document', async () => {
    const r = await runCli(['catalog', '--frameworks', '--format', 'json']);
    const ids = JSON.parse(r.stdout).map((f: { id: string }) => f.id);
    expect(ids).toContain('public-checklists');
    const publisher: Record<string, RegExp> = {
      'slowmist-consortium.yaml': /SlowMist, Consortium Blockchain Security Solutions/,
      'monitoring-report.yaml': /SlowMist, The latest safety monitoring report on Binance/,
      'djcp-blockchain.yaml': /Research on blockchain evaluation methods .*Chinese Journal of Engineering/,
      'cloud-web3.yaml':
        /区块链安全审计海外云服务器方案.*enuoidc\.com.*Dialogue with Web3 security service providers.*AWS and CrossSpace/,
    };
    for (const [file, re] of Object.entries(publisher)) {
      const source = /^framework:\n(?:  .*\n)*?  source: (.+)$/m.exec(
        readFileSync(join(root, 'catalog', file), 'utf8'),
      );
      expect(source?.[1], file).toMatch(re);
    }
  });

  it('help never suggests scanning a private network range', async () => {
    const top = await runCli(['--help']);
    const commands = [...top.stdout.matchAll(/^ {2}(\w+) /gm)].map((m) => m[1]).filter((c) => c !== 'help');
    expect(commands.length).toBeGreaterThan(8);
    const texts = [top.stdout, ...(await Promise.all(commands.map((c) => runCli([c, '--help'])))).map((r) => r.stdout)];
    for (const text of texts) {
      expect(text).not.toMatch(/\b10\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/);
      expect(text).not.toMatch(/\b192\.168\.\d{1,3}\.\d{1,3}\b/);
      expect(text).not.toMatch(/\b172\.(1[6-9]|2\d|3[01])\.\d{1,3}\.\d{1,3}\b/);
      expect(text).not.toMatch(/\b\d{1,3}(\.\d{1,3}){3}\/\d{1,2}\b/);
    }
  });
});
