import type { Evidence } from '../../model.js';
import { defineCheck } from '../types.js';
import { anonymousRpc, headerValue, quantity, show } from './probe.js';

const DEFAULT_TOLERANCE_SECONDS = 30;

export interface ClockReading {
  /** Node host time from the HTTP Date header, minus local time, in seconds (1 s resolution). */
  hostSkew?: number;
  /** Latest block timestamp minus local time, in seconds. */
  blockAhead?: number;
  /** How long ago the latest block was produced. */
  blockAge?: number;
}

/** Judges a reading: future blocks or a skewed host clock fail; an old head only matters when blocks are expected. */
export function judgeClock(
  r: ClockReading,
  toleranceSeconds: number,
  blockIntervalSeconds?: number,
): { status: 'pass' | 'warn' | 'fail'; message: string } {
  const problems: string[] = [];
  if (r.hostSkew !== undefined && Math.abs(r.hostSkew) > toleranceSeconds)
    problems.push(`node host clock is ${r.hostSkew > 0 ? 'ahead' : 'behind'} by ${Math.abs(r.hostSkew)} s`);
  if (r.blockAhead !== undefined && r.blockAhead > toleranceSeconds)
    problems.push(`latest block is timestamped ${r.blockAhead} s in the future`);
  if (problems.length) return { status: 'fail', message: problems.join('; ') };
  if (
    blockIntervalSeconds !== undefined &&
    r.blockAge !== undefined &&
    r.blockAge > Math.max(blockIntervalSeconds * 10, toleranceSeconds)
  ) {
    return {
      status: 'warn',
      message: `latest block is ${r.blockAge} s old against an expected interval of ${blockIntervalSeconds} s: production stalled or the node lags`,
    };
  }
  return {
    status: 'pass',
    message: `clocks agree within ${toleranceSeconds} s${r.blockAge !== undefined ? `; latest block ${r.blockAge} s old` : ''}`,
  };
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
  },
  async (ctx) => {
    const before = Date.now();
    const out = await anonymousRpc(ctx).call<{ timestamp?: unknown; number?: unknown } | null>('eth_getBlockByNumber', [
      'latest',
      false,
    ]);
    const now = (before + Date.now()) / 2;
    const evidence: Evidence[] = [{ label: 'local time', value: new Date(now).toISOString() }];
    const reading: ClockReading = {};
    const date = headerValue(out.http.headers, 'date');
    const hostTime = date ? Date.parse(date) : NaN;
    if (Number.isFinite(hostTime)) {
      reading.hostSkew = Math.round((hostTime - now) / 1000);
      evidence.push({ label: 'HTTP Date from node', value: show(date, 60) });
    }
    const ts = out.ok && out.result ? quantity(out.result.timestamp) : undefined;
    if (ts !== undefined && ts < 2n ** 40n) {
      const seconds = Number(ts);
      reading.blockAhead = Math.round(seconds - now / 1000);
      reading.blockAge = Math.max(0, -reading.blockAhead);
      evidence.push({
        label: `latest block ${show(out.result?.number, 20)} timestamp`,
        value: `${seconds} (${new Date(seconds * 1000).toISOString()})`,
      });
    } else {
      evidence.push({
        label: 'eth_getBlockByNumber(latest)',
        value: out.ok ? show(out.result, 200) : show(out.error?.message ?? out.malformed),
      });
    }
    if (reading.hostSkew === undefined && reading.blockAhead === undefined) {
      return [
        {
          status: 'warn',
          severity: 'info',
          message: 'neither a Date header nor a block timestamp to compare',
          evidence,
        },
      ];
    }
    const verdict = judgeClock(reading, DEFAULT_TOLERANCE_SECONDS, ctx.target.expect.blockIntervalSeconds);
    return [{ ...verdict, evidence }];
  },
);
