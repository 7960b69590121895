import { z } from 'zod';
import { stringify } from 'yaml';
import { InputError } from '../errors.js';
import { VERDICTS, VERDICT_ZH, type Verdict } from '../model.js';
import { describeIssues, readYamlFile } from '../scope/load.js';
import type { CatalogItem } from '../catalog/schema.js';

const zhToVerdict = Object.fromEntries(Object.entries(VERDICT_ZH).map(([k, v]) => [v, k])) as Record<string, Verdict>;

/** Assessors may write verdicts in English ids or the Chinese terms of the evaluation tables. */
const verdictField = z.string().transform((v, ctx) => {
  const t = v.trim();
  if ((VERDICTS as readonly string[]).includes(t)) return t as Verdict;
  if (zhToVerdict[t]) return zhToVerdict[t];
  ctx.addIssue({
    code: 'custom',
    message: `verdict must be one of ${VERDICTS.join(', ')} or ${Object.values(VERDICT_ZH).join(' / ')}`,
  });
  return z.NEVER;
});

const dateField = z
  .union([z.string(), z.date()])
  .transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d));

export const manualAnswer = z
  .object({
    verdict: verdictField,
    note: z.string().optional(),
    evidence: z.array(z.string()).default([]),
    assessor: z.string().optional(),
    date: dateField.optional(),
  })
  .strict();

export const manualFile = z
  .object({
    assessor: z.string().optional(),
    date: dateField.optional(),
    answers: z.record(z.string(), manualAnswer.nullable()).default({}),
  })
  .strict();

export interface ManualAnswer {
  verdict: Verdict;
  note?: string;
  evidence: string[];
  assessor?: string;
  date?: string;
}

/** Reads a manual-answers file; unanswered (null) entries from a template are ignored. */
export function loadManualAnswers(file: string, knownItems: Set<string>): Map<string, ManualAnswer> {
  const { doc, lines, data } = readYamlFile(file);
  const parsed = manualFile.safeParse(data ?? {});
  if (!parsed.success)
    throw new InputError(`invalid manual answers\n${describeIssues(file, doc, lines, parsed.error.issues)}`);
  const out = new Map<string, ManualAnswer>();
  for (const [id, answer] of Object.entries(parsed.data.answers)) {
    if (!knownItems.has(id)) throw new InputError(`${file}: answers.${id}: no catalog item has this id`);
    if (!answer) continue;
    out.set(id, {
      ...answer,
      assessor: answer.assessor ?? parsed.data.assessor,
      date: answer.date ?? parsed.data.date,
    });
  }
  return out;
}

/** A template with every item no check assesses, each with its procedure and expected evidence as comments. */
export function manualTemplate(items: CatalogItem[], scopeName: string): string {
  const lines = [
    `# Manual answers for scope "${scopeName}".`,
    '# For each item: verdict (conforming | partly-conforming | non-conforming | not-applicable,',
    '# or 符合 | 部分符合 | 不符合 | 不适用), a note, evidence file paths, assessor and date.',
    '# Items left as null stay "not assessed". Pass this file with --manual or the scope\'s `manual:` key.',
    stringify({ assessor: '', date: new Date().toISOString().slice(0, 10) }).trimEnd(),
    'answers:',
  ];
  for (const item of items) {
    lines.push(`  # ${item.title.en} / ${item.title.zh}`);
    lines.push(`  # procedure: ${item.procedure.en.replace(/\s+/g, ' ')}`);
    lines.push(`  # evidence expected: ${item.evidence.en.replace(/\s+/g, ' ')}`);
    lines.push(`  ${item.id}: null`);
  }
  return `${lines.join('\n')}\n`;
}
