import { basename } from 'node:path';
import { importCheckId } from '../catalog/imports.js';
import { fingerprint, type ImportRecord } from '../engine/run.js';
import { InputError } from '../errors.js';
import type { Evidence, Finding } from '../model.js';
import { aderyn } from './aderyn.js';
import { clip, maskIn, normalizeRule } from './common.js';
import { gitleaks } from './gitleaks.js';
import { kubeBench } from './kube-bench.js';
import { mythril } from './mythril.js';
import { nuclei } from './nuclei.js';
import { prowler } from './prowler.js';
import { sarif } from './sarif.js';
import { semgrep } from './semgrep.js';
import { slither } from './slither.js';
import { DEFAULT_SOURCE_LIMITS, ImportSource, type SourceLimits } from './source.js';
import { testssl } from './testssl.js';
import { trivy } from './trivy.js';
import type { ImportedResult, ToolImporter } from './types.js';

export const IMPORTERS: ToolImporter[] = [
  sarif,
  slither,
  mythril,
  aderyn,
  trivy,
  gitleaks,
  kubeBench,
  semgrep,
  prowler,
  testssl,
  nuclei,
];

export const IMPORT_TOOLS = IMPORTERS.map((i) => i.tool);

export function importerFor(tool: string): ToolImporter {
  const found = IMPORTERS.find((i) => i.tool === tool);
  if (!found) throw new InputError(`unknown import format "${tool}" (known: ${IMPORT_TOOLS.join(', ')})`);
  return found;
}

export interface ImportBatch {
  record: ImportRecord;
  findings: Finding[];
}

export interface ImportOptions {
  /** The target the findings belong to; default `import:<tool>`. */
  targetId?: string;
  limits?: SourceLimits;
}

const fallbackRemediation = (title: string, rule: string) =>
  `Fix what ${title} reports for ${rule}; its documentation of the rule says how.`;

const ruleEvidence = new Map<string, Evidence>();

/** The evidence line naming the imported rule, one object per rule: a large report repeats few rules many times. */
function ruleEvidenceOf(toolTitle: string, rule: string): Evidence {
  const k = `${toolTitle}\0${rule}`;
  let e = ruleEvidence.get(k);
  if (!e) {
    if (ruleEvidence.size > 10_000) ruleEvidence.clear();
    ruleEvidence.set(k, (e = { label: 'imported rule', value: `${toolTitle} ${rule}` }));
  }
  return e;
}

/** Our finding for one imported result: fingerprinted like ours, secrets masked before anything keeps it. */
export function findingOf(r: ImportedResult, tool: string, toolTitle: string, targetId: string): Finding {
  const checkId = importCheckId(tool);
  const result = normalizeRule(r.rule);
  const secrets = r.secrets?.length ? r.secrets : undefined;
  const mask = (t: string) => (secrets ? maskIn(t, secrets) : t);
  const evidence = r.evidence ?? [];
  return {
    checkId,
    targetId,
    status: r.status,
    severity: r.severity,
    confidence: r.confidence ?? 'medium',
    result,
    items: [],
    title: mask(r.title),
    message: mask(r.message),
    evidence: [
      ruleEvidenceOf(toolTitle, r.rule),
      ...(secrets ? evidence.map((e) => ({ label: e.label, value: mask(e.value) })) : evidence),
    ],
    locations: r.locations ?? [],
    ...(r.related?.length ? { related: r.related } : {}),
    remediation: r.remediation ?? fallbackRemediation(toolTitle, r.rule),
    fingerprint: fingerprint(checkId, targetId, `${result}\0${r.key}`),
  };
}

/** Reads one report of `format` into findings; a file that is not what it claims is an InputError naming it. */
export async function importFile(format: string, file: string, options: ImportOptions = {}): Promise<ImportBatch> {
  const importer = importerFor(format);
  const source = new ImportSource(file, importer.describes, options.limits ?? DEFAULT_SOURCE_LIMITS);
  const fail = (reason: string): never => {
    throw new InputError(`${file}: not ${importer.describes}: ${reason}`);
  };
  let tool: string | undefined;
  let title = importer.title;
  let targetId = options.targetId ?? `import:${importer.tool}`;
  const seen = new Set<string>();
  const findings: Finding[] = [];
  const out = await importer.read(source, fail, (r, as) => {
    if (tool === undefined) {
      tool = as ?? importer.tool;
      title = IMPORTERS.find((i) => i.tool === tool)?.title ?? importer.title;
      targetId = options.targetId ?? `import:${tool}`;
    }
    const f = findingOf(r, tool, title, targetId);
    if (seen.has(f.fingerprint)) return;
    seen.add(f.fingerprint);
    findings.push(f);
  });
  const finalTool = tool ?? importer.tool;
  return {
    record: {
      tool: finalTool,
      format: importer.tool,
      file: basename(file),
      sha256: source.sha256(),
      bytes: source.bytes,
      ...(out.toolVersion ? { toolVersion: clip(out.toolVersion, 100) } : {}),
      targetId: options.targetId ?? `import:${finalTool}`,
      findings: findings.length,
      importedAt: new Date().toISOString(),
    },
    findings,
  };
}
