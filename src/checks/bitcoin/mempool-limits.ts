import type { CheckResult } from '../types.js';
import { defineCheck } from '../types.js';
import { callEvidence, isObject, sharedCall, unusable } from './support.js';

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
    if (minRelay === 0)
      results.push({
        status: 'fail',
        message: 'minrelaytxfee is 0: anyone can fill the mempool and the relay network with free transactions',
        evidence,
        key: 'fee',
      });
    else results.push({ status: 'pass', message: `relay fee floor ${minRelay ?? '?'} per kvB`, evidence, key: 'fee' });
    if (max === undefined)
      results.push({ status: 'warn', message: 'the node does not report maxmempool', evidence, key: 'size' });
    else if (max > 4 * CORE_DEFAULT_MAXMEMPOOL)
      results.push({
        status: 'warn',
        message: `maxmempool is ${Math.round(max / 1e6)} MB, over 4× the 300 MB default: mempool spam costs this host that much memory`,
        evidence,
        key: 'size',
      });
    else if (usage !== undefined && usage > 0.9 * max)
      results.push({
        status: 'warn',
        message: `the mempool is ${Math.round((100 * usage) / max)} % full: low-fee transactions are being evicted`,
        evidence,
        key: 'size',
      });
    else
      results.push({
        status: 'pass',
        message: `mempool capped at ${Math.round(max / 1e6)} MB${usage !== undefined ? `, ${Math.round((100 * usage) / max)} % used` : ''}`,
        evidence,
        key: 'size',
      });
    return results;
  },
);
