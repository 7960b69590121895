import { z } from 'zod';
import type { Severity } from '../model.js';
import { clip, validate } from './common.js';
import type { ToolImporter } from './types.js';

const issue = z.object({
  title: z.string(),
  description: z.string().default(''),
  detector_name: z.string().min(1),
  instances: z
    .array(
      z.object({
        contract_path: z.string(),
        line_no: z.number().optional(),
        src: z.string().optional(),
        hint: z.string().nullable().optional(),
      }),
    )
    .default([]),
});

/** Older reports had critical, medium and NC sections; current ones high and low. */
const SECTIONS: [string, Severity][] = [
  ['critical_issues', 'critical'],
  ['high_issues', 'high'],
  ['medium_issues', 'medium'],
  ['low_issues', 'low'],
  ['nc_issues', 'info'],
];

export const aderyn: ToolImporter = {
  tool: 'aderyn',
  title: 'Aderyn',
  describes: 'an Aderyn JSON report (aderyn -o report.json)',
  async read(input, fail, emit) {
    let summaries = 0;
    const patterns = [...SECTIONS.map(([s]) => [s, 'issues', '*']), ['issue_count'], ['files_summary']];
    for await (const s of input.select(patterns)) {
      if (s.pattern >= SECTIONS.length) {
        summaries++;
        continue;
      }
      const severity = SECTIONS[s.pattern][1];
      const i = validate(issue, s.value, s.path, fail);
      summaries++;
      for (const at of i.instances) {
        emit({
          rule: i.detector_name,
          status: severity === 'info' ? 'warn' : 'fail',
          severity,
          title: `Aderyn ${i.detector_name}: ${clip(i.title, 200)}`,
          message: clip(`${i.title}. ${i.description}`),
          locations: [{ file: at.contract_path, ...(at.line_no ? { line: at.line_no } : {}) }],
          evidence: [
            { label: 'detector', value: i.detector_name },
            ...(at.src ? [{ label: 'source range', value: at.src }] : []),
            ...(at.hint ? [{ label: 'hint', value: clip(at.hint, 500) }] : []),
          ],
          key: `${i.detector_name}:${at.contract_path}:${at.line_no ?? ''}:${at.src ?? ''}`,
        });
      }
    }
    if (summaries === 0) fail('it has neither "issue_count" nor "files_summary" nor any issue');
    return {};
  },
};
