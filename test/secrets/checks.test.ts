import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretsChecks } from '../../src/checks/secrets/index.js';
import { FAMILY_KINDS } from '../../src/checks/secrets/families.js';
import type { CheckContext } from '../../src/checks/types.js';
import type { Scope, TargetOf } from '../../src/scope/schema.js';
import { SECRET_KINDS } from '../../src/analyzers/secrets/index.js';
// @ts-expect-error plain ESM generator shared with the benchmark
import { generatePlantedTree } from '../../corpus/secrets/generate.mjs';

let dir: string;
let manifest: { planted: { kind: string }[] };

function context(path: string): CheckContext<TargetOf<'secrets'>> {
  const target = { id: 'repo', kind: 'secrets' as const, path, git: false, tags: [] };
  const memo = new Map<string, Promise<unknown>>();
  return {
    target,
    group: [target],
    scope: { name: 't', environment: 'test', targets: [target], file: join(path, 'scope.yaml'), dir: path } as Scope,
    options: { intrusive: false, active: false },
    signal: new AbortController().signal,
    rpc: () => {
      throw new Error('no rpc for secrets targets');
    },
    memo: <V>(key: string, compute: () => Promise<V>) => {
      if (!memo.has(key)) memo.set(key, compute());
      return memo.get(key) as Promise<V>;
    },
    credential: () => '',
    path: (p) => p,
    progress: () => undefined,
  };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'secrets-checks-'));
  manifest = generatePlantedTree(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('secrets checks', () => {
  it('assign every secret kind to exactly one check', () => {
    const assigned = Object.values(FAMILY_KINDS).flat();
    expect([...assigned].sort()).toEqual([...SECRET_KINDS].sort());
  });

  it('fail once per planted secret of their family, with file and line', async () => {
    const ctx = context(dir);
    for (const check of secretsChecks) {
      const results = await check.run(ctx);
      const kinds = FAMILY_KINDS[check.meta.id as keyof typeof FAMILY_KINDS] as readonly string[];
      const expected = manifest.planted.filter((p) => kinds.includes(p.kind)).length;
      expect(
        results.filter((r) => r.status === 'fail'),
        check.meta.id,
      ).toHaveLength(expected);
      for (const r of results) expect(r.locations?.[0]?.line).toBeGreaterThan(0);
    }
  });

  it.each([
    'secrets.plaintext-chain-keys',
    'secrets.keystore-kdf',
    'secrets.unencrypted-private-keys',
    'secrets.service-credentials',
  ])('%s fails on the planted tree', async (id) => {
    const results = await secretsChecks.find((c) => c.meta.id === id)!.run(context(dir));
    expect(results.filter((r) => r.status === 'fail').length).toBeGreaterThan(0);
  });

  it('pass on a tree holding only encrypted key material, saying what was seen', async () => {
    const sealed = mkdtempSync(join(tmpdir(), 'secrets-sealed-'));
    try {
      copyFileSync(join(dir, 'keystore/UTC--2024-01-03T00-00-00Z--standard.json'), join(sealed, 'standard.json'));
      copyFileSync(join(dir, 'deploy/ssh/id_ed25519_protected'), join(sealed, 'id_ed25519'));
      const ctx = context(sealed);
      for (const check of secretsChecks) {
        const results = await check.run(ctx);
        expect(
          results.map((r) => r.status),
          check.meta.id,
        ).toEqual(['pass']);
      }
      const kdf = await secretsChecks.find((c) => c.meta.id === 'secrets.keystore-kdf')!.run(ctx);
      expect(kdf[0].message).toContain('1 keystore(s), all with standard KDF parameters');
      const pem = await secretsChecks.find((c) => c.meta.id === 'secrets.unencrypted-private-keys')!.run(ctx);
      expect(pem[0].message).toContain('1 private key(s) found, all passphrase-encrypted');
    } finally {
      rmSync(sealed, { recursive: true, force: true });
    }
  });
});
