import { z } from 'zod';
import type { Confidence, Location, Severity } from '../model.js';
import { clip, validate } from './common.js';
import type { ImportedResult, ToolImporter } from './types.js';

const sourceMapping = z.object({
  filename_relative: z.string().optional(),
  filename_short: z.string().optional(),
  filename_absolute: z.string().optional(),
  lines: z.array(z.number()).optional(),
  starting_column: z.number().optional(),
  ending_column: z.number().optional(),
});

const detector = z.object({
  check: z.string().min(1),
  impact: z.string(),
  confidence: z.string(),
  description: z.string(),
  id: z.string().optional(),
  first_markdown_element: z.string().optional(),
  elements: z
    .array(
      z.object({
        type: z.string().optional(),
        name: z.string().optional(),
        source_mapping: sourceMapping.nullable().optional(),
      }),
    )
    .default([]),
});

const IMPACT: Record<string, Severity> = {
  High: 'high',
  Medium: 'medium',
  Low: 'low',
  Informational: 'info',
  Optimization: 'info',
};
const CONFIDENCE: Record<string, Confidence> = { High: 'high', Medium: 'medium', Low: 'low' };

function locationOf(m: z.infer<typeof sourceMapping> | null | undefined): Location | undefined {
  const file = m?.filename_relative || m?.filename_short || m?.filename_absolute;
  if (!file) return undefined;
  const lines = m?.lines ?? [];
  return {
    file,
    ...(lines.length ? { line: lines[0], endLine: lines[lines.length - 1] } : {}),
    ...(m?.starting_column ? { column: m.starting_column } : {}),
  };
}

/** One Slither detector result as our result; informational and optimisation findings warn, the rest fail. */
export function slitherResult(d: z.infer<typeof detector>): ImportedResult {
  const locations = d.elements.map((e) => locationOf(e.source_mapping)).filter((l): l is Location => Boolean(l));
  const first = locations[0];
  const severity = IMPACT[d.impact] ?? 'info';
  return {
    rule: d.check,
    status: severity === 'info' ? 'warn' : 'fail',
    severity,
    confidence: CONFIDENCE[d.confidence] ?? 'medium',
    title: `Slither ${d.check}`,
    message: clip(d.description),
    locations: first ? [first] : [],
    related: locations.slice(1, 6),
    evidence: [
      { label: 'detector', value: `${d.check} (impact ${d.impact}, confidence ${d.confidence})` },
      ...d.elements.slice(0, 5).map((e) => ({ label: e.type ?? 'element', value: e.name ?? '' })),
    ],
    key: d.id ?? `${first ? `${first.file}:${first.line ?? ''}` : ''}:${d.description.slice(0, 200)}`,
  };
}

export const slither: ToolImporter = {
  tool: 'slither',
  title: 'Slither',
  describes: 'a Slither JSON report (slither --json)',
  async read(input, fail, emit) {
    let success: unknown;
    let error: unknown;
    let hasResults = false;
    for await (const s of input.select([['success'], ['error'], ['results', 'detectors', '*']], [['results']])) {
      if (s.pattern === 0) success = s.value;
      else if (s.pattern === 1) error = s.value;
      else if (s.pattern === 2) emit(slitherResult(validate(detector, s.value, s.path, fail)));
      else hasResults = true;
    }
    if (typeof success !== 'boolean') fail('it has no "success" field');
    if (success && !hasResults) fail('it has no "results"');
    if (success === false) fail(`Slither reported that it failed: ${clip(String(error ?? 'no reason given'), 500)}`);
    return {};
  },
};
