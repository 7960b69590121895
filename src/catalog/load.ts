import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isNode } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../errors.js';
import { describeIssues, readYamlFile } from '../scope/load.js';
import {
  controlPointsFile,
  errorAuditFile,
  errorRulesFile,
  frameworkFile,
  gradingFile,
  scoringFile,
  type CatalogItem,
  type ErrorRuleSet,
  type Framework,
  type Scoring,
} from './schema.js';

/** The built-in catalog folder, the same relative to src/ (tests) and dist/ (installed). */
export const BUILTIN_CATALOG_DIR = fileURLToPath(new URL('../../catalog/', import.meta.url));

const MAX_CATALOG_FILE_BYTES = 8 * 1024 * 1024;

export interface Catalog {
  frameworks: Framework[];
  items: CatalogItem[];
  byId: Map<string, CatalogItem & { framework: string }>;
  /** `file:line` where each item is defined, for messages about it. */
  itemSource: Map<string, string>;
  controlPoints: z.infer<typeof controlPointsFile>['controlPoints'];
  controlPointComparison: z.infer<typeof controlPointsFile>['comparison'];
  grading?: z.infer<typeof gradingFile>['grading'];
  errorClasses: z.infer<typeof errorAuditFile>['errorClasses'];
  scoring: Scoring;
}

type YamlFile = ReturnType<typeof readYamlFile> & { file: string };

function readCatalogFile(file: string): YamlFile {
  return { ...readYamlFile(file, MAX_CATALOG_FILE_BYTES), file };
}

function validate<S extends z.ZodType>(schema: S, y: YamlFile): z.infer<S> {
  const parsed = schema.safeParse(y.data);
  if (!parsed.success) throw new InputError(`invalid catalog file\n${describeIssues(y.file, y.doc, y.lines, parsed.error.issues)}`);
  return parsed.data;
}

function topLevelKey(y: YamlFile): string {
  if (!y.data || typeof y.data !== 'object') throw new InputError(`${y.file}: a catalog file must be a YAML mapping`);
  const keys = Object.keys(y.data);
  return keys.includes('framework') ? 'framework' : (keys[0] ?? '');
}

/**
 * Loads the built-in catalog plus any user framework files. Every file is validated on load; ids
 * must be unique across frameworks and every control point an item names must exist.
 */
export function loadCatalog(extraFrameworkFiles: string[] = []): Catalog {
  const builtin = readdirSync(BUILTIN_CATALOG_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(BUILTIN_CATALOG_DIR, f));
  const catalog: Catalog = {
    frameworks: [],
    items: [],
    byId: new Map(),
    itemSource: new Map(),
    controlPoints: [],
    controlPointComparison: [],
    errorClasses: [],
    scoring: undefined as unknown as Scoring,
  };
  for (const file of [...builtin, ...extraFrameworkFiles.map((f) => resolve(f))]) {
    const y = readCatalogFile(file);
    switch (topLevelKey(y)) {
      case 'framework': {
        const fw = validate(frameworkFile, y);
        if (catalog.frameworks.some((f) => f.id === fw.framework.id)) throw new InputError(`${file}: framework id "${fw.framework.id}" is already loaded`);
        catalog.frameworks.push({ ...fw.framework, file });
        const layers = new Set(fw.framework.layers.map((l) => l.id));
        fw.items.forEach((item, i) => {
          const node = y.doc.getIn(['items', i], true);
          catalog.itemSource.set(item.id, isNode(node) && node.range ? `${file}:${y.lines.linePos(node.range[0]).line}` : file);
        });
        for (const item of fw.items) {
          if (catalog.byId.has(item.id)) throw new InputError(`${file}: item id ${item.id} is defined twice`);
          if (!layers.has(item.layer)) throw new InputError(`${file}: item ${item.id} names layer "${item.layer}" that the framework does not declare`);
          catalog.items.push(item);
          catalog.byId.set(item.id, { ...item, framework: fw.framework.id });
        }
        break;
      }
      case 'controlPoints': {
        const cp = validate(controlPointsFile, y);
        catalog.controlPoints.push(...cp.controlPoints);
        catalog.controlPointComparison.push(...cp.comparison);
        break;
      }
      case 'grading':
        catalog.grading = validate(gradingFile, y).grading;
        break;
      case 'errorClasses':
        catalog.errorClasses.push(...validate(errorAuditFile, y).errorClasses);
        break;
      case 'scoring':
        catalog.scoring = validate(scoringFile, y).scoring;
        break;
      default:
        throw new InputError(`${file}: not a catalog file (expected a top-level framework, controlPoints, grading, errorClasses or scoring key)`);
    }
  }
  if (!catalog.scoring) throw new InputError(`the catalog in ${BUILTIN_CATALOG_DIR} has no scoring file`);
  const cps = new Set(catalog.controlPoints.map((c) => c.id));
  for (const item of catalog.items) {
    for (const cp of item.controlPoints) {
      if (!cps.has(cp)) throw new InputError(`catalog item ${item.id} names unknown control point ${cp}`);
    }
  }
  return catalog;
}

/** Frameworks named by the user (ids), or all of them. */
export function frameworkItems(catalog: Catalog, frameworkIds?: string[]): CatalogItem[] {
  if (!frameworkIds || frameworkIds.length === 0) return catalog.items;
  const unknown = frameworkIds.filter((id) => !catalog.frameworks.some((f) => f.id === id));
  if (unknown.length) throw new InputError(`unknown framework ${unknown.join(', ')} (known: ${catalog.frameworks.map((f) => f.id).join(', ')})`);
  return catalog.items.filter((i) => frameworkIds.includes(catalog.byId.get(i.id)!.framework));
}

/** The error classes of the log audit and the rules that classify log lines into them. */
export interface ErrorAudit {
  classes: { id: string; functions: string[] }[];
  rules: (ErrorRuleSet & { file: string })[];
}

let builtinErrorAudit: ErrorAudit | undefined;

/**
 * Table 9's error classes with their functions, and the classifier rules of catalog/error-audit.yaml,
 * plus the rules of any user files (`errorRules:` only). A user rule set extending a built-in client
 * takes its formats; every class a rule names must exist.
 */
export function loadErrorAudit(userFiles: string[] = []): ErrorAudit {
  if (!builtinErrorAudit) {
    const file = join(BUILTIN_CATALOG_DIR, 'error-audit.yaml');
    const data = validate(errorAuditFile, readCatalogFile(file));
    builtinErrorAudit = {
      classes: data.errorClasses.map((c) => ({
        id: c.id,
        functions: c.functions.map((f) => f.name.replace(/\(.*$/, '').trim()),
      })),
      rules: data.errorRules.map((r) => ({ ...r, file })),
    };
    checkErrorRules(builtinErrorAudit.rules, builtinErrorAudit);
  }
  if (userFiles.length === 0) return builtinErrorAudit;
  const rules = [...builtinErrorAudit.rules];
  for (const f of userFiles) {
    const file = resolve(f);
    for (const r of validate(errorRulesFile, readCatalogFile(file)).errorRules) rules.push({ ...r, file });
  }
  const audit = { classes: builtinErrorAudit.classes, rules };
  checkErrorRules(rules.slice(builtinErrorAudit.rules.length), audit);
  return audit;
}

function checkErrorRules(rules: ErrorAudit['rules'], audit: ErrorAudit): void {
  const classes = new Set([...audit.classes.map((c) => c.id), 'other']);
  for (const r of rules) {
    for (const id of [...Object.keys(r.reasons), ...Object.keys(r.messages)]) {
      if (!classes.has(id)) throw new InputError(`${r.file}: error rules of ${r.client} name unknown class "${id}" (known: ${[...classes].join(', ')})`);
    }
    if (r.extends !== undefined && !audit.rules.some((p) => p.client === r.extends && p !== r))
      throw new InputError(`${r.file}: error rules of ${r.client} extend unknown client "${r.extends}"`);
    if (!r.formats?.length && r.extends === undefined) throw new InputError(`${r.file}: error rules of ${r.client} name no log formats (formats: or extends:)`);
  }
}
