import { fingerprint } from '../../engine/run.js';
import { defineCheck, type CheckResult } from '../types.js';
import { ERROR_RESULT, NOT_APPLICABLE_RESULT } from './common.js';
import { resourceEvidence, resourcesOf } from './supply-chain-inventory.js';

const ID = 'web.supply-chain.changes';

export default defineCheck(
  {
    id: ID,
    title: 'Script and stylesheet bodies have not changed since the last run',
    description:
      'Hashes every script and stylesheet the pages load (SHA-384, the hash SRI uses) and compares it with the hash recorded for the same URL in the previous stored run of this scope. A body that changes under the same URL without an integrity attribute is exactly how a compromised CDN or npm package reaches users (Ledger Connect Kit, December 2023; polyfill.io, June 2024); a change that came with a new integrity hash is reported for confirmation. The first run records the baseline.',
    targetKinds: ['web'],
    severity: 'high',
    confidence: 'medium',
    tags: ['http', 'supply-chain', 'monitoring', 'third-party'],
    remediation:
      'Find out why the file changed (release, or compromise); pin third-party code with SRI and versioned URLs.',
    references: ['https://www.w3.org/TR/SRI/', 'https://sansec.io/research/polyfill-supply-chain-attack'],
    level: 'passive',
    results: {
      changed: { title: 'A body changed under the same URL, without SRI pinning it' },
      'changed-pinned': { title: 'A body changed together with its integrity attribute', severity: 'low' },
      unchanged: { title: 'The body is the one recorded in the previous run', severity: 'info' },
      baseline: { title: 'First sighting: the hash is recorded for the next run', severity: 'info' },
      'not-hashed': { title: 'The body could not be hashed (host not allowed, or fetch failed)', severity: 'info' },
      ...NOT_APPLICABLE_RESULT,
      ...ERROR_RESULT,
    },
  },
  async (ctx) => {
    const inv = await resourcesOf(ctx);
    if ('error' in inv) return [{ status: 'error', result: 'unreachable', message: inv.error }];
    if (!inv.resources.length)
      return [
        {
          status: 'not-applicable',
          result: 'not-applicable',
          message: `the inspected pages load no script or stylesheet by URL`,
        },
      ];
    const previous = new Map((ctx.previous?.(ID, ctx.target.id) ?? []).map((f) => [f.fingerprint, f]));
    const results: CheckResult[] = [];
    for (const r of inv.resources) {
      const evidence = resourceEvidence(r);
      const key = r.url;
      if (!r.sha384) {
        results.push({
          status: 'not-applicable',
          result: 'not-hashed',
          message: `${r.url} was not hashed: ${r.notFetched}`,
          evidence,
          key,
        });
        continue;
      }
      const before = previous
        .get(fingerprint(ID, ctx.target.id, key))
        ?.evidence.find((e) => e.label === 'sha384')?.value;
      if (!before || !before.startsWith('sha384-')) {
        results.push({
          status: 'not-applicable',
          result: 'baseline',
          message: `${r.url}: baseline ${r.sha384} recorded (no earlier hash to compare)`,
          evidence,
          key,
        });
        continue;
      }
      evidence.push({ label: 'previous sha384', value: before });
      if (before === r.sha384)
        results.push({
          status: 'pass',
          result: 'unchanged',
          message: `${r.url} is unchanged since the last run`,
          evidence,
          key,
        });
      else if (r.integrity && r.sriMatches)
        results.push({
          status: 'warn',
          result: 'changed-pinned',
          message: `${r.url} changed since the last run, and so did its integrity attribute: confirm the update was intended`,
          evidence,
          key,
        });
      else
        results.push({
          status: 'fail',
          result: 'changed',
          message: `${r.url} changed since the last run (${before} → ${r.sha384}) with nothing pinning it`,
          evidence,
          key,
        });
    }
    return results;
  },
);
