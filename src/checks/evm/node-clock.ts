import type { Evidence } from '../../model.js';
import { defineCheck, type CheckResult } from '../types.js';
import { headerValue, quantity } from './probe.js';
import { show, unusable } from '../node-probe.js';

const DEFAULT_TOLERANCE_SECONDS = 30;

/** Judges the node host's clock (HTTP Date minus local time, 1 s resolution). */
export function judgeHostClock(
  skewSeconds: number,
  toleranceSeconds: number,
): { status: 'pass' | 'fail'; message: string } {
  if (Math.abs(skewSeconds) > toleranceSeconds)
    return {
      status: 'fail',
      message: `node host clock is ${skewSeconds > 0 ? 'ahead' : 'behind'} by ${Math.abs(skewSeconds)} s`,
    };
  return {
    status: 'pass',
    message: `node host clock within ${toleranceSeconds} s of the auditor's (${skewSeconds} s)`,
  };
}

/** Judges the latest block's timestamp: in the future fails; an old head only matters when blocks are expected. */
export function judgeBlockTime(
  aheadSeconds: number,
  toleranceSeconds: number,
  blockIntervalSeconds?: number,
): { status: 'pass' | 'warn' | 'fail'; message: string } {
  const age = Math.max(0, -aheadSeconds);
  if (aheadSeconds > toleranceSeconds)
    return { status: 'fail', message: `latest block is timestamped ${aheadSeconds} s in the future` };
  if (blockIntervalSeconds !== undefined && age > Math.max(blockIntervalSeconds * 10, toleranceSeconds))
    return {
      status: 'warn',
      message: `latest block is ${age} s old against an expected interval of ${blockIntervalSeconds} s: production stalled or the node lags`,
    };
  return { status: 'pass', message: `latest block timestamp is not in the future (${age} s old)` };
}

export default defineCheck(
  {
    id: 'evm.node.clock',
    title: 'Node clock and block timestamps agree with real time',
    description:
      "Consensus and audit records depend on time: a node host with a skewed clock misjudges block validity and writes wrong log times, and blocks timestamped in the future point to a manipulated clock (timejacking). Compares the node host's HTTP Date and the latest block's timestamp with the auditor's clock.",
    targetKinds: ['evm-node'],
    severity: 'medium',
    confidence: 'medium',
    tags: ['time', 'ntp', 'consensus'],
    remediation: 'Synchronise node hosts with NTP (chrony, systemd-timesyncd) from several sources and alert on drift.',
    references: ['https://en.bitcoin.it/wiki/Timejacking'],
    level: 'passive',
    results: {
      'host-clock': { title: "Node host clock agrees with the auditor's" },
      'block-time': { title: 'Latest block timestamp is not in the future' },
    },
  },
  async (ctx) => {
    const before = Date.now();
    const out = await ctx
      .rpc(ctx.target)
      .call<{ timestamp?: unknown; number?: unknown } | null>('eth_getBlockByNumber', ['latest', false]);
    const now = (before + Date.now()) / 2;
    const local: Evidence = { label: 'local time', value: new Date(now).toISOString() };
    const results: CheckResult[] = [];
    const date = headerValue(out.http.headers, 'date');
    const hostTime = date ? Date.parse(date) : NaN;
    const dateEvidence = [local, { label: 'HTTP Date from node', value: show(date, 60) }];
    if (Number.isFinite(hostTime))
      results.push({
        key: 'host-clock',
        result: 'host-clock',
        ...judgeHostClock(Math.round((hostTime - now) / 1000), DEFAULT_TOLERANCE_SECONDS),
        evidence: dateEvidence,
      });
    else
      results.push({
        key: 'host-clock',
        result: 'host-clock',
        status: 'not-applicable',
        message: date
          ? 'the node sends a Date header that is not a date: its host clock cannot be read this way'
          : 'the node sends no Date header: its host clock cannot be read over RPC',
        evidence: dateEvidence,
      });
    const block = out.ok && out.result && typeof out.result === 'object' ? out.result : undefined;
    const ts = block ? quantity(block.timestamp) : undefined;
    if (ts !== undefined && ts < 2n ** 40n) {
      const seconds = Number(ts);
      results.push({
        key: 'block-time',
        result: 'block-time',
        ...judgeBlockTime(
          Math.round(seconds - now / 1000),
          DEFAULT_TOLERANCE_SECONDS,
          ctx.target.expect.blockIntervalSeconds,
        ),
        evidence: [
          local,
          {
            label: `latest block ${show(block?.number, 20)} timestamp`,
            value: `${seconds} (${new Date(seconds * 1000).toISOString()})`,
          },
        ],
      });
    } else
      results.push({
        ...unusable('eth_getBlockByNumber', out, ['latest', false]),
        key: 'block-time',
        result: 'block-time',
      });
    return results;
  },
);
