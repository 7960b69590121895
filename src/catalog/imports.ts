import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isNode } from 'yaml';
import { z } from 'zod';
import type { CheckMeta } from '../checks/types.js';
import { InputError } from '../errors.js';
import { normalizeRule } from '../importers/common.js';
import { describeIssues, readYamlFile } from '../scope/load.js';
import { BUILTIN_CATALOG_DIR, type Catalog } from './load.js';
import { globToRegExp, itemsOfFinding, type Mapping } from './mapping.js';

/** Beside the frameworks: one file per tool, mapping the tool's rule ids to framework items. */
export const BUILTIN_IMPORTS_DIR = join(BUILTIN_CATALOG_DIR, 'imports');

const ruleEntry = z
  .object({
    title: z.string().optional(),
    /** Our check references (`check`, `check#sub-result`): the rule counts for every item those count for. */
    checks: z.array(z.string()).default([]),
    /** Framework items the rule counts for directly, where no check of ours observes the same thing. */
    items: z.array(z.string()).default([]),
  })
  .strict()
  .nullable();

export const importMappingFile = z
  .object({
    tool: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string(),
    /** Where the list of rule ids comes from (the tool's documentation, its version). */
    source: z.string(),
    rules: z.record(z.string(), ruleEntry),
  })
  .strict();

export interface ImportRule {
  /** As the mapping file writes it. */
  raw: string;
  /** The sub-result id imported findings carry (lower-case, hyphenated; `*` kept in patterns). */
  id: string;
  title?: string;
  isPattern: boolean;
  checks: string[];
  items: string[];
  /** `file:line` of the rule in its mapping file. */
  where: string;
}

export interface ImportMapping {
  tool: string;
  title: string;
  source: string;
  file: string;
  rules: ImportRule[];
}

const MAX_MAPPING_BYTES = 2 * 1024 * 1024;

export function importCheckId(tool: string): string {
  return `import.${tool}`;
}

/** Reads and validates every mapping file (built in, then the user's); rule ids are normalised and must be unique. */
export function loadImportMappings(extraFiles: string[] = []): ImportMapping[] {
  const builtin = readdirSync(BUILTIN_IMPORTS_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(BUILTIN_IMPORTS_DIR, f));
  const out: ImportMapping[] = [];
  for (const file of [...builtin, ...extraFiles]) {
    const { doc, lines, data } = readYamlFile(file, MAX_MAPPING_BYTES);
    const parsed = importMappingFile.safeParse(data);
    if (!parsed.success)
      throw new InputError(`invalid import mapping\n${describeIssues(file, doc, lines, parsed.error.issues)}`);
    const m = parsed.data;
    if (out.some((o) => o.tool === m.tool)) throw new InputError(`${file}: a mapping for ${m.tool} is already loaded`);
    const seen = new Map<string, string>();
    const rules: ImportRule[] = [];
    for (const [raw, entry] of Object.entries(m.rules)) {
      const node = doc.getIn(['rules', raw], true);
      const where = isNode(node) && node.range ? `${file}:${lines.linePos(node.range[0]).line}` : file;
      const id = normalizeRule(raw);
      if (seen.has(id)) throw new InputError(`${where}: rule "${raw}" is the same as "${seen.get(id)}" once normalised (${id})`);
      seen.set(id, raw);
      rules.push({
        raw,
        id,
        title: entry?.title,
        isPattern: id.includes('*'),
        checks: entry?.checks ?? [],
        items: entry?.items ?? [],
        where,
      });
    }
    out.push({ tool: m.tool, title: m.title, source: m.source, file, rules });
  }
  return out;
}

/** The check each tool's imported findings belong to: its declared sub-results are the mapped rules. */
export function importCheckMetas(mappings: ImportMapping[]): CheckMeta[] {
  return mappings.map((m) => ({
    id: importCheckId(m.tool),
    title: `${m.title} (imported)`,
    description: `Results of ${m.title} read from its report by \`chainaudit import ${m.tool}\`; each rule id counts for the framework items its mapping (${m.file.replace(/^.*\/catalog\//, 'catalog/')}) names.`,
    targetKinds: [],
    severity: 'medium',
    confidence: 'medium',
    tags: ['imported', m.tool],
    remediation: `Follow ${m.title}'s documentation of the rule that reported the finding.`,
    references: [],
    level: 'passive',
    results: Object.fromEntries(m.rules.map((r) => [r.id, { title: r.title ?? r.raw }])),
  }));
}

function matchesPattern(pattern: string, value: string): boolean {
  return globToRegExp(pattern).test(value);
}

/**
 * Adds each tool's rules to the mapping: a rule counts for the items it names and for every item
 * that counts a check result it names. A check, sub-result or item that does not exist is refused
 * with the mapping file and line, like a framework's own `checks:`.
 */
export function mergeImportMappings(
  catalog: Catalog,
  mapping: Mapping,
  checks: CheckMeta[],
  mappings: ImportMapping[],
): void {
  const problems: string[] = [];
  const byId = new Map(checks.map((c) => [c.id, c]));
  const additions: { item: string; checkId: string; result: string }[] = [];
  for (const m of mappings) {
    const checkId = importCheckId(m.tool);
    for (const rule of m.rules) {
      const items = new Set<string>();
      for (const id of rule.items) {
        if (!catalog.byId.has(id)) problems.push(`${rule.where}: ${m.tool} rule "${rule.raw}": no framework item ${id}`);
        else items.add(id);
      }
      for (const ref of rule.checks) {
        const [pattern, sub] = ref.split('#');
        const matched = pattern.includes('*') ? checks.filter((c) => matchesPattern(pattern, c.id)) : byId.has(pattern) ? [byId.get(pattern)!] : [];
        if (matched.length === 0) {
          problems.push(`${rule.where}: ${m.tool} rule "${rule.raw}": "${ref}" matches no check`);
          continue;
        }
        for (const c of matched) {
          if (sub !== undefined && !c.results?.[sub]) {
            problems.push(`${rule.where}: ${m.tool} rule "${rule.raw}": ${c.id} declares no sub-result "${sub}"`);
            continue;
          }
          for (const item of itemsOfFinding(mapping, { checkId: c.id, result: sub })) items.add(item);
        }
      }
      for (const item of items) additions.push({ item, checkId, result: rule.id });
    }
  }
  if (problems.length) throw new InputError(`import mappings that do not resolve:\n${problems.join('\n')}`);
  for (const { item, checkId, result } of additions) {
    const refs = mapping.refsByItem.get(item) ?? [];
    if (!refs.some((r) => r.checkId === checkId && r.result === result)) refs.push({ checkId, result });
    mapping.refsByItem.set(item, refs);
    const its = mapping.itemsByCheck.get(checkId) ?? [];
    if (!its.includes(item)) mapping.itemsByCheck.set(checkId, [...its, item]);
  }
}

export interface ToolCoverage {
  tool: string;
  title: string;
  source: string;
  /** Named rule ids (not patterns) the mapping lists. */
  rules: number;
  /** Of those, the ones that count for at least one framework item. */
  mapped: number;
  unmapped: string[];
  /** Patterns (`vuln/*`) and whether they reach an item. */
  patterns: { pattern: string; items: number }[];
}

/** Per tool: how many of its listed rule ids land on a framework item through the merged mapping. */
export function importCoverage(mappings: ImportMapping[], mapping: Mapping): ToolCoverage[] {
  return mappings.map((m) => {
    const checkId = importCheckId(m.tool);
    const itemsOf = (result: string) => itemsOfFinding(mapping, { checkId, result }).length;
    const named = m.rules.filter((r) => !r.isPattern);
    const unmapped = named.filter((r) => itemsOf(r.id) === 0).map((r) => r.raw);
    return {
      tool: m.tool,
      title: m.title,
      source: m.source,
      rules: named.length,
      mapped: named.length - unmapped.length,
      unmapped,
      patterns: m.rules
        .filter((r) => r.isPattern)
        .map((r) => ({ pattern: r.raw, items: (mapping.itemsByCheck.get(checkId) ?? []).filter((i) => (mapping.refsByItem.get(i) ?? []).some((ref) => ref.checkId === checkId && ref.result === r.id)).length })),
    };
  });
}
