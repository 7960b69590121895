import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import type { Check } from '../../src/checks/types.js';

/** A check as found in the source tree: the module it is the default export of, and that module's text. */
export interface CheckSource {
  check: Check;
  file: string;
  text: string;
}

export interface Tree {
  /** Every `src/checks/<domain>/*.ts` file whose default export is a check. */
  sources: CheckSource[];
  registry: Check[];
  /** Concatenated text of the test files. */
  tests: string;
  /** Framework item id → its `checks:` entries, and whether resolving them against the registry threw. */
  mappings: { item: string; refs: string[] }[];
}

export type Rule = (tree: Tree) => string[];

const CHECKS_ROOT = join('src', 'checks');

/** `evm.rpc.cors` lives in `src/checks/evm/rpc-cors.ts`. */
export function expectedFile(id: string): string {
  const [domain, ...rest] = id.split('.');
  return join(CHECKS_ROOT, domain, `${rest.join('-')}.ts`);
}

function globToRegExp(p: string): RegExp {
  return new RegExp(
    `^${p
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
}

export const RULES: Record<string, Rule> = {
  'id matches its folder and file name': (t) =>
    t.sources
      .filter((s) => s.file !== expectedFile(s.check.meta.id))
      .map((s) => `${s.file} holds ${s.check.meta.id}, expected ${expectedFile(s.check.meta.id)}`),
  'every check file is registered': (t) =>
    t.sources
      .filter((s) => !t.registry.includes(s.check))
      .map((s) => `${s.file}: ${s.check.meta.id} is not in the registry`),
  'every registered check has its own file': (t) =>
    t.registry
      .filter((c) => !t.sources.some((s) => s.check === c))
      .map((c) => `${c.meta.id}: not the default export of ${expectedFile(c.meta.id)}`),
  'check ids are unique': (t) => {
    const seen = new Set<string>();
    return t.registry.map((c) => c.meta.id).filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
  },
  'every check has a test that names it (by id, or by importing its file)': (t) =>
    t.registry
      .filter((c) => {
        const module = expectedFile(c.meta.id)
          .replace(/^src\//, '')
          .replace(/\.ts$/, '.js');
        return ![`'${c.meta.id}'`, `"${c.meta.id}"`, `/${module}'`].some((needle) => t.tests.includes(needle));
      })
      .map((c) => `${c.meta.id}: no test names it`),
  'every sub-result a check returns is declared': (t) =>
    t.sources.flatMap((s) => {
      const declared = Object.keys(s.check.meta.results ?? {});
      const used = [...s.text.matchAll(/\bresult: '([a-z0-9-]+)'/g)].map((m) => m[1]);
      return [...new Set(used)]
        .filter((u) => !declared.includes(u))
        .map((u) => `${s.check.meta.id}: returns undeclared sub-result "${u}"`);
    }),
  'sub-result ids are lower-case and hyphenated': (t) =>
    t.registry.flatMap((c) =>
      Object.keys(c.meta.results ?? {})
        .filter((id) => !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id))
        .map((id) => `${c.meta.id}#${id}`),
    ),
  'every checks: entry resolves to a check': (t) =>
    t.mappings.flatMap(({ item, refs }) =>
      refs
        .filter((ref) => {
          const [pattern, sub] = ref.split('#');
          const matched = t.registry.filter((c) => globToRegExp(pattern).test(c.meta.id));
          return matched.length === 0 || (sub !== undefined && !matched.some((c) => c.meta.results?.[sub]));
        })
        .map((ref) => `${item}: "${ref}" resolves to no check`),
    ),
  'every check is mapped by at least one framework item': (t) =>
    t.registry
      .filter(
        (c) => !t.mappings.some(({ refs }) => refs.some((ref) => globToRegExp(ref.split('#')[0]).test(c.meta.id))),
      )
      .map((c) => `${c.meta.id}: no framework item names it`),
};

/** Reads the tree as the rules see it. */
export async function readTree(root: string, registry: Check[], mappings: Tree['mappings']): Promise<Tree> {
  const sources: CheckSource[] = [];
  const checksDir = join(root, CHECKS_ROOT);
  for (const domain of readdirSync(checksDir, { withFileTypes: true })) {
    if (!domain.isDirectory()) continue;
    for (const name of readdirSync(join(checksDir, domain.name))) {
      if (!name.endsWith('.ts') || name === 'index.ts') continue;
      const abs = join(checksDir, domain.name, name);
      const mod = (await import(abs)) as { default?: Check };
      if (!mod.default?.meta?.id || typeof mod.default.run !== 'function') continue;
      sources.push({ check: mod.default, file: relative(root, abs), text: readFileSync(abs, 'utf8') });
    }
  }
  const tests: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.test\.ts$/.test(e.name) && basename(dirname(p)) !== 'conventions')
        tests.push(readFileSync(p, 'utf8'));
    }
  };
  walk(join(root, 'test'));
  return { sources, registry, tests: tests.join('\n'), mappings };
}
