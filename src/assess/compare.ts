import { InputError } from '../errors.js';
import type { Text } from '../model.js';
import type { Assessment } from './assess.js';

/** Chains are compared on the 28 blockchain evaluation items unless another framework is asked for. */
export const COMPARE_FRAMEWORK = 'djcp-blockchain';

export type Mark = '✓' | '✗' | 'n.a.' | '—';

export interface Comparison {
  columns: { id: string; title: string; reference: boolean }[];
  rows: { id: string; layer: Text; category: Text; title: Text; marks: Mark[] }[];
  qualified: number[];
}

/**
 * A framework's items down, the audited chains across (by default the 28 blockchain evaluation
 * items, as in Table 10 of "Research on blockchain evaluation methods under the classified
 * protection of cybersecurity"). Only a conforming item counts as qualified (√); partly and
 * non-conforming are ×; not applicable is n.a.; not assessed is —. A run that was not assessed
 * against the framework is refused, naming the frameworks it holds: an empty column would read as
 * "nothing qualified".
 */
export function compareRuns(runs: Assessment[], withReference = false, framework = COMPARE_FRAMEWORK): Comparison {
  for (const r of runs) {
    if (!r.frameworks.some((f) => f.id === framework))
      throw new InputError(
        `run ${r.run.id} was not assessed against framework ${framework} (it holds: ${r.frameworks.map((f) => f.id).join(', ') || 'none'})`,
      );
  }
  const first = runs[0];
  const fw = first.frameworks.find((f) => f.id === framework);
  const baseItems = first.items.filter((i) => i.framework === framework);
  const refSystems = withReference ? (fw?.referenceSystems ?? []) : [];
  const columns = [
    ...runs.map((r) => ({ id: r.run.id, title: `${r.run.scopeName}`, reference: false })),
    ...refSystems.map((s) => ({ id: s.id, title: `${s.title.en} (published)`, reference: true })),
  ];
  const mark = (v: string | undefined): Mark =>
    v === 'conforming'
      ? '✓'
      : v === 'partly-conforming' || v === 'non-conforming'
        ? '✗'
        : v === 'not-applicable'
          ? 'n.a.'
          : '—';
  const rows = baseItems.map((item) => ({
    id: item.id,
    layer: fw?.layers.find((l) => l.id === item.layer)?.title ?? { en: item.layer, zh: item.layer },
    category: item.path[0] ?? { en: '', zh: '' },
    title: item.title,
    marks: [
      ...runs.map((r) => mark(r.items.find((i) => i.id === item.id)?.verdict)),
      ...refSystems.map((s) => (item.reference?.[s.id] === undefined ? '—' : item.reference[s.id] ? '✓' : '✗') as Mark),
    ],
  }));
  const qualified = columns.map((_, c) => rows.filter((r) => r.marks[c] === '✓').length);
  return { columns, rows, qualified };
}
