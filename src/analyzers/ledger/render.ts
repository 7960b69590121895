import type { LedgerReport } from './types.js';

/** JSON-safe form of a report (the height map becomes an object, capped for huge ledgers). */
export function reportToJson(r: LedgerReport, maxHeights = 100_000): Record<string, unknown> {
  const heights: Record<string, string> = {};
  let n = 0;
  for (const [h, hash] of r.heights) {
    if (n++ >= maxHeights) break;
    heights[h] = hash;
  }
  return {
    chain: r.chain,
    source: r.source,
    format: r.format,
    ok: r.failedBlocks === 0,
    blocks: r.blocks,
    failedBlocks: r.failedBlocks,
    firstHeight: r.firstHeight,
    lastHeight: r.lastHeight,
    bytes: r.bytes,
    durationMs: r.durationMs,
    verified: r.verified,
    notVerified: r.notVerified,
    issues: r.issues,
    issuesDropped: r.issuesDropped,
    events: r.events,
    heights,
    heightsTruncated: r.heightsDropped || r.heights.size > maxHeights,
  };
}

function issueLine(i: LedgerReport['issues'][number]): string {
  const where = `block ${i.height ?? '?'} ${i.hash ?? (i.offset !== undefined ? `@offset ${i.offset}` : '')}`.trim();
  const values =
    i.expected !== undefined || i.actual !== undefined
      ? ` (expected ${i.expected ?? '-'}, actual ${i.actual ?? '-'})`
      : '';
  return `${where}: ${i.field}: ${i.message}${values} [${i.rule}]`;
}

export function renderText(r: LedgerReport): string {
  const lines = [
    `${r.chain} ledger ${r.source} (${r.format}): ${r.blocks} blocks${r.firstHeight !== null ? `, heights ${r.firstHeight}..${r.lastHeight}` : ''}, ${(r.bytes / 2 ** 20).toFixed(1)} MiB in ${(r.durationMs / 1000).toFixed(2)} s`,
    r.failedBlocks === 0
      ? 'RESULT: no block failed the checks that were run'
      : `RESULT: ${r.failedBlocks} block(s) FAILED`,
  ];
  if (r.issues.length) {
    lines.push('', 'Failures:');
    for (const i of r.issues) lines.push(`  ${issueLine(i)}`);
    if (r.issuesDropped) lines.push(`  … and ${r.issuesDropped} more`);
  }
  if (r.events.length) {
    lines.push('', 'Chain shape:');
    for (const e of r.events) lines.push(`  ${e.kind}: ${e.message}`);
  }
  lines.push('', 'Verified:');
  for (const [k, v] of Object.entries(r.verified)) lines.push(`  ${k}: ${v}`);
  if (r.notVerified.length) {
    lines.push('', 'Not verified (not counted as valid):');
    for (const n of r.notVerified) lines.push(`  ${n.what} — ${n.reason} (${n.count})`);
  }
  return lines.join('\n');
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderMarkdown(r: LedgerReport): string {
  const out = [
    `# Ledger verification: ${cell(r.source)}`,
    '',
    `- chain: ${r.chain}, format: ${r.format}`,
    `- blocks: ${r.blocks}${r.firstHeight !== null ? ` (heights ${r.firstHeight}–${r.lastHeight})` : ''}`,
    `- result: ${r.failedBlocks === 0 ? '**no block failed**' : `**${r.failedBlocks} block(s) failed**`}`,
    '',
  ];
  if (r.issues.length) {
    out.push(
      '## Failures',
      '',
      '| height | hash | field | rule | expected | actual | message |',
      '|---|---|---|---|---|---|---|',
    );
    for (const i of r.issues)
      out.push(
        `| ${i.height ?? '?'} | ${cell(i.hash ?? '')} | ${cell(i.field)} | ${i.rule} | ${cell(i.expected ?? '')} | ${cell(i.actual ?? '')} | ${cell(i.message)} |`,
      );
    out.push('');
  }
  if (r.events.length) {
    out.push('## Chain shape', '');
    for (const e of r.events) out.push(`- ${e.kind}: ${cell(e.message)}`);
    out.push('');
  }
  out.push('## Verified', '', '| check | count |', '|---|---:|');
  for (const [k, v] of Object.entries(r.verified)) out.push(`| ${k} | ${v} |`);
  if (r.notVerified.length) {
    out.push('', '## Not verified', '', '| what | why | count |', '|---|---|---:|');
    for (const n of r.notVerified) out.push(`| ${cell(n.what)} | ${cell(n.reason)} | ${n.count} |`);
  }
  return out.join('\n');
}
