import type { CheckResult } from '../types.js';
import { defineCheck } from '../types.js';
import { isObject } from './support.js';
import { callEvidence, sharedCall, unusable } from '../node-probe.js';

const CORE_DEFAULT_MAXMEMPOOL = 300_000_000;

export default defineCheck(
  {
    id: 'bitcoin.mempool.limits',
    title: 'Mempool bounded in size and protected by a relay fee',
    description:
      'The mempool holds unconfirmed transactions from anyone. Without a minimum relay fee an attacker fills it and the relay network for free; an oversized maxmempool lets that cost the host its memory; a nearly full mempool evicts honest low-fee transactions.',
    targetKinds: ['bitcoin-node'],
    severity: 'medium',
    confidence: 'high',
    tags: ['mempool', 'resources', 'dos'],
    remediation:
      'Keep minrelaytxfee above zero (default 0.00001/kvB) and maxmempool near the 300 MB default or what the host can hold; alert when usage passes 80 %.',
    references: ['https://developer.bitcoin.org/reference/rpc/getmempoolinfo.html'],
    level: 'passive',
    results: {
      fee: { title: 'Minimum relay fee above zero' },
      size: { title: 'Mempool size bounded, not nearly full' },
    },
  },
  async (ctx) => {
    const out = await sharedCall(ctx, 'getmempoolinfo');
    if (!out.ok || !isObject(out.result)) return [unusable('getmempoolinfo', out)];
    const m = out.result;
    const max = typeof m.maxmempool === 'number' ? m.maxmempool : undefined;
    const usage = typeof m.usage === 'number' ? m.usage : undefined;
    const minRelay = typeof m.minrelaytxfee === 'number' ? m.minrelaytxfee : undefined;
    const evidence = [callEvidence('getmempoolinfo', [], out, 300)];
    const results: CheckResult[] = [];
    if (minRelay === undefined)
      results.push({
        ...unusable('getmempoolinfo', out),
        message: 'getmempoolinfo reports no minrelaytxfee: the relay fee floor cannot be told',
        key: 'fee',
        result: 'fee',
      });
    else if (minRelay === 0)
      results.push({
        status: 'fail',
        message: 'minrelaytxfee is 0: anyone can fill the mempool and the relay network with free transactions',
        evidence,
        key: 'fee',
        result: 'fee',
      });
    else
      results.push({
        status: 'pass',
        message: `relay fee floor ${minRelay} per kvB`,
        evidence,
        key: 'fee',
        result: 'fee',
      });
    if (max === undefined)
      results.push({
        ...unusable('getmempoolinfo', out),
        message: 'getmempoolinfo reports no maxmempool: the mempool bound cannot be told',
        key: 'size',
        result: 'size',
      });
    else if (max > 4 * CORE_DEFAULT_MAXMEMPOOL)
      results.push({
        status: 'warn',
        message: `maxmempool is ${Math.round(max / 1e6)} MB, over 4× the 300 MB default: mempool spam costs this host that much memory`,
        evidence,
        key: 'size',
        result: 'size',
      });
    else if (usage !== undefined && usage > 0.9 * max)
      results.push({
        status: 'warn',
        message: `the mempool is ${Math.round((100 * usage) / max)} % full: low-fee transactions are being evicted`,
        evidence,
        key: 'size',
        result: 'size',
      });
    else
      results.push({
        status: 'pass',
        message: `mempool capped at ${Math.round(max / 1e6)} MB${usage !== undefined ? `, ${Math.round((100 * usage) / max)} % used` : ''}`,
        evidence,
        key: 'size',
        result: 'size',
      });
    return results;
  },
);
