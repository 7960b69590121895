import { isObject } from '../bitcoin/support.js';
import { tryCall } from '../node-probe.js';
import { KNOWN_GENESIS } from '../bitcoin/chain-identity.js';
import { defineCheck } from '../types.js';
import { blockHashAt, snapshot } from './support.js';

/** Target spacing of known mainnets (chainparams: nPowTargetSpacing). */
const KNOWN_INTERVAL_S: Record<string, number> = { 'Bitcoin mainnet': 600, 'Litecoin mainnet': 150 };
const WINDOW_BLOCKS = 20;
/** A tip older than this many intervals means production stalled (Poisson: about 1 in 400 by chance). */
const STALL_FACTOR = 6;

export default defineCheck(
  {
    id: 'network.block-production',
    title: 'Blocks are produced at the expected interval',
    description:
      "Compares the age of the newest block and the mean spacing of the last blocks with the chain's expected block interval. A stalled chain confirms nothing; a much slower one delays every confirmation.",
    targetKinds: ['bitcoin-node'],
    severity: 'high',
    confidence: 'medium',
    tags: ['multi-node', 'liveness'],
    remediation: 'Check miners/validators and their connectivity; alert when no block arrived within a few intervals.',
    references: [
      'Research on blockchain evaluation methods under the classified protection of cybersecurity (Chinese Journal of Engineering, 2020), Table 4 (block interval per chain)',
    ],
    level: 'passive',
    granularity: 'chain',
  },
  async (ctx) => {
    const views = (await snapshot(ctx)).filter((v) => v.height !== undefined);
    if (views.length === 0) return [{ status: 'error', message: 'no node answers', key: 'unassessed' }];
    const top = views.reduce((a, b) => (b.height! > a.height! ? b : a));
    const genesis = await blockHashAt(ctx, top.target, 0);
    const known = genesis ? KNOWN_GENESIS[genesis] : undefined;
    const interval =
      ctx.group.map((t) => t.expect.blockIntervalSeconds).find((v) => v !== undefined) ??
      (known ? KNOWN_INTERVAL_S[known] : undefined);
    if (interval === undefined) {
      return [
        {
          status: 'not-applicable',
          message: `no expected block interval for chain "${top.chain}" (${known ?? 'unknown genesis'}): blocks are produced on demand; set expect.blockIntervalSeconds to judge production`,
        },
      ];
    }
    const times: number[] = [];
    let hash = top.best;
    for (let i = 0; i <= WINDOW_BLOCKS && hash; i++) {
      const { out } = await tryCall(ctx.rpc(top.target), 'getblockheader', [hash]);
      if (!out?.ok || !isObject(out.result) || typeof out.result.time !== 'number') break;
      times.push(out.result.time);
      hash = typeof out.result.previousblockhash === 'string' ? out.result.previousblockhash : undefined;
    }
    if (times.length === 0)
      return [{ status: 'error', message: `cannot read the tip header from ${top.target.id}`, key: 'unassessed' }];
    const age = Math.floor(Date.now() / 1000) - times[0];
    const mean = times.length > 1 ? (times[0] - times[times.length - 1]) / (times.length - 1) : undefined;
    const evidence = [
      {
        label: `tip on ${top.target.id}`,
        value:
          age >= 0
            ? `height ${top.height}, ${age} s old`
            : `height ${top.height}, timestamp ${-age} s ahead of the audit host clock`,
      },
      {
        label: `mean spacing of the last ${times.length - 1} blocks`,
        value: mean === undefined ? '(one block)' : `${Math.round(mean)} s`,
      },
      { label: 'expected interval', value: `${interval} s${known ? ` (${known})` : ' (scope)'}` },
    ];
    if (age > STALL_FACTOR * interval)
      return [
        {
          status: 'fail',
          message: `no block for ${age} s, over ${STALL_FACTOR}× the ${interval} s interval: production has stalled`,
          evidence,
        },
      ];
    if (mean !== undefined && mean > 3 * interval)
      return [
        {
          status: 'warn',
          message: `blocks arrive every ${Math.round(mean)} s on average, over 3× the ${interval} s interval`,
          evidence,
        },
      ];
    return [
      {
        status: 'pass',
        message: `blocks keep coming: tip ${Math.max(0, age)} s old, mean spacing ${mean === undefined ? 'n/a' : `${Math.round(mean)} s`} for a ${interval} s interval`,
        evidence,
      },
    ];
  },
);
