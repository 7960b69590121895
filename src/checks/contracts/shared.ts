import { analyzePaths } from '../../analyzers/solidity/analyze.js';
import { detectors } from '../../analyzers/solidity/detectors/index.js';
import type { AnalysisResult, Category, SolidityFinding } from '../../analyzers/solidity/types.js';
import { severityRank, type Severity } from '../../model.js';
import type { TargetOf } from '../../scope/schema.js';
import type { CheckContext, CheckMeta, CheckResult } from '../types.js';

/** One analysis per contracts target, shared by every category check of the run. */
export function analysisOf(ctx: CheckContext<TargetOf<'contracts'>>): Promise<AnalysisResult> {
  const root = ctx.path(ctx.target.path);
  // file names relative to the scope's folder, like every other finding's location (one base in SARIF)
  return ctx.memo(`solidity-analysis:${root}`, () =>
    analyzePaths([root], { relativeTo: ctx.scope.dir, signal: ctx.signal }),
  );
}

export function detectorsOf(category: Category) {
  return detectors.filter((d) => d.meta.category === category);
}

export function worstSeverity(category: Category): Severity {
  return detectorsOf(category)
    .map((d) => (d.meta.impact === 'informational' ? 'info' : d.meta.impact) as Severity)
    .reduce<Severity>((a, b) => (severityRank(b) > severityRank(a) ? b : a), 'info');
}

/**
 * The one way a detector hit becomes a check result, for `audit` and `contracts` alike: the check of
 * its category, the detector as sub-result, the analyzer's line-independent key, related locations.
 */
export function findingResult(f: SolidityFinding): CheckResult {
  const meta = detectors.find((d) => d.meta.id === f.detector)!.meta;
  return {
    status: 'fail',
    severity: f.severity,
    confidence: f.confidence,
    title: meta.title,
    message: `${f.message} (${f.detector}${f.swc ? `, ${f.swc}` : ''})`,
    remediation: meta.recommendation,
    locations: [{ file: f.file, line: f.line, endLine: f.endLine, column: f.column, endColumn: f.endColumn }],
    evidence: [
      {
        label: 'detector',
        value: `${f.detector} (${meta.category}, impact ${meta.impact}, confidence ${meta.confidence})`,
      },
      {
        label: 'location',
        value: `${f.file}:${f.line}${f.contract ? ` in ${f.contract}${f.function ? `.${f.function}` : ''}` : ''}`,
      },
      { label: 'exploit scenario', value: meta.exploitScenario },
      ...(f.related?.length
        ? [{ label: 'related', value: f.related.map((r) => `${f.file}:${r.line} ${r.note}`).join('; ') }]
        : []),
    ],
    key: f.key,
    result: f.detector,
    ...(f.related?.length
      ? {
          related: f.related.map((r) => ({
            file: f.file,
            line: r.line,
            endLine: r.endLine,
            column: r.column,
            endColumn: r.endColumn,
          })),
        }
      : {}),
  };
}

export function categoryMeta(category: Category, id: string, title: string, tags: string[]): CheckMeta {
  const list = detectorsOf(category);
  return {
    id,
    title,
    description: `Source analysis of every Solidity file under the target path for ${category.replace(/_/g, ' ')} weaknesses: ${list.map((d) => d.meta.title.toLowerCase()).join('; ')}.`,
    targetKinds: ['contracts'],
    severity: worstSeverity(category),
    confidence: 'medium',
    tags: ['solidity', 'smart-contract', ...tags],
    remediation: list.map((d) => `${d.meta.id}: ${d.meta.recommendation}`).join(' '),
    references: ['https://swcregistry.io/'],
    level: 'passive',
    timeoutMs: 600_000,
    results: Object.fromEntries(
      list.map((d) => [
        d.meta.id,
        {
          title: d.meta.title,
          severity: (d.meta.impact === 'informational' ? 'info' : d.meta.impact) as Severity,
          remediation: d.meta.recommendation,
        },
      ]),
    ),
  };
}

export async function runCategory(
  ctx: CheckContext<TargetOf<'contracts'>>,
  category: Category,
): Promise<CheckResult[]> {
  const analysis = await analysisOf(ctx);
  if (!analysis.files.length)
    return [{ status: 'error', message: `${ctx.target.path}: no Solidity source could be analysed there` }];
  const results: CheckResult[] = [];
  // Files the analyzer could not read leave every detector's verdict open: fail closed.
  if (analysis.notAnalysed.length)
    results.push({
      status: 'error',
      key: 'not-analysed',
      message: `${analysis.notAnalysed.length} Solidity file(s) could not be analysed, so this check did not see them: ${analysis.notAnalysed
        .slice(0, 3)
        .map((n) => `${n.file} (${n.reason})`)
        .join('; ')}`,
    });
  for (const d of detectorsOf(category)) {
    const hits = analysis.findings.filter((f) => f.detector === d.meta.id);
    if (hits.length) results.push(...hits.map(findingResult));
    // Each detector that looked and found nothing says so, so an item counting only that detector has evidence.
    else
      results.push({
        status: 'pass',
        result: d.meta.id,
        key: `${d.meta.id}:none`,
        message: `${d.meta.id}: nothing found in ${analysis.files.length} Solidity file(s)`,
      });
  }
  return results;
}
