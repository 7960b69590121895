import type { CheckResult } from '../types.js';
import { defineCheck } from '../types.js';
import { asBlockchainInfo, asNetworkInfo, isObject } from './support.js';
import { callEvidence, sharedCall, unusable } from '../node-probe.js';

/** Core rejects blocks more than 2 hours ahead of its adjusted time. */
const MAX_FUTURE_BLOCK_S = 2 * 60 * 60;
const PEER_OFFSET_WARN_S = 60;
const PEER_OFFSET_FAIL_S = 5 * 60;
const HTTP_SKEW_WARN_S = 30;
const HTTP_SKEW_FAIL_S = 120;

export default defineCheck(
  {
    id: 'bitcoin.node.clock',
    title: 'Node clock agrees with its peers and with real time (timejacking)',
    description:
      'Bitcoin-family nodes adjust their clock by the median offset their peers report (up to 70 minutes), and judge block timestamps against it. A node whose clock is off, or whose peers pull it off (timejacking), rejects honest blocks or accepts stale ones; audit timestamps in its logs become wrong too.',
    targetKinds: ['bitcoin-node'],
    severity: 'medium',
    confidence: 'medium',
    tags: ['clock', 'timejacking'],
    remediation:
      'Run NTP (chrony/systemd-timesyncd) against several trusted sources on every node host and alert on offsets over a few seconds; keep peers diverse so no group can skew the median.',
    references: [
      'https://en.bitcoin.it/wiki/Timejacking',
      'https://github.com/bitcoin/bitcoin/blob/v0.21.0/src/timedata.cpp',
    ],
    level: 'passive',
    results: {
      peers: { title: 'Clock offset reported by peers' },
      system: { title: "Node system clock agrees with the auditor's" },
      tip: { title: 'Tip timestamp not in the future' },
    },
  },
  async (ctx) => {
    const results: CheckResult[] = [];
    const netOut = await sharedCall(ctx, 'getnetworkinfo');
    const net = netOut.ok ? asNetworkInfo(netOut.result) : undefined;
    if (!net) return [unusable('getnetworkinfo', netOut)];
    const offset = net.timeoffset;
    if (typeof offset !== 'number')
      results.push({
        ...unusable('getnetworkinfo', netOut),
        message: 'getnetworkinfo reports no timeoffset: the peer-adjusted clock cannot be judged',
        key: 'peers',
        result: 'peers',
      });
    else {
      const ev = [{ label: 'getnetworkinfo.timeoffset', value: `${offset} s (median offset reported by peers)` }];
      if (Math.abs(offset) > PEER_OFFSET_FAIL_S)
        results.push({
          status: 'fail',
          message: `peers pull the node's clock by ${offset} s: its adjusted time is skewed`,
          evidence: ev,
          key: 'peers',
          result: 'peers',
        });
      else if (Math.abs(offset) > PEER_OFFSET_WARN_S)
        results.push({
          status: 'warn',
          message: `peers report a ${offset} s clock offset`,
          evidence: ev,
          key: 'peers',
          result: 'peers',
        });
      else
        results.push({
          status: 'pass',
          message: `peer-reported clock offset ${offset} s`,
          evidence: ev,
          key: 'peers',
          result: 'peers',
        });
    }
    const dateHeader = netOut.http.headers.date;
    const nodeTime = typeof dateHeader === 'string' ? Date.parse(dateHeader) : NaN;
    if (Number.isFinite(nodeTime)) {
      const skew = Math.round((nodeTime - Date.now()) / 1000);
      const evD = [
        { label: 'HTTP Date of the RPC answer vs the audit host clock', value: `${dateHeader} → ${skew} s` },
      ];
      if (Math.abs(skew) > HTTP_SKEW_FAIL_S)
        results.push({
          status: 'fail',
          message: `the node's system clock is ${skew} s off the audit host's clock`,
          evidence: evD,
          key: 'system',
          result: 'system',
        });
      else if (Math.abs(skew) > HTTP_SKEW_WARN_S)
        results.push({
          status: 'warn',
          message: `the node's system clock is ${skew} s off the audit host's clock`,
          evidence: evD,
          key: 'system',
          result: 'system',
        });
      else
        results.push({
          status: 'pass',
          message: `the node's system clock is within ${HTTP_SKEW_WARN_S} s of the audit host's clock (${skew} s)`,
          evidence: evD,
          key: 'system',
          result: 'system',
        });
    }

    const chainOut = await sharedCall(ctx, 'getblockchaininfo');
    const chain = chainOut.ok ? asBlockchainInfo(chainOut.result) : undefined;
    if (!chain) {
      results.push({ ...unusable('getblockchaininfo', chainOut), key: 'tip', result: 'tip' });
      return results;
    }
    const header = await sharedCall(ctx, 'getblockheader', [chain.bestblockhash]);
    const tipTime =
      header.ok && isObject(header.result) && typeof header.result.time === 'number' ? header.result.time : undefined;
    if (tipTime === undefined) {
      results.push({ ...unusable('getblockheader', header, [chain.bestblockhash]), key: 'tip', result: 'tip' });
      return results;
    }
    const ahead = tipTime - Math.floor(Date.now() / 1000);
    const evT = [callEvidence('getblockheader', [chain.bestblockhash.slice(0, 16) + '…'], header, 160)];
    if (ahead > MAX_FUTURE_BLOCK_S)
      results.push({
        status: 'fail',
        message: `the tip's timestamp is ${ahead} s in the future: the node accepted a block its peers' clocks should reject`,
        evidence: evT,
        key: 'tip',
        result: 'tip',
      });
    else
      results.push({
        status: 'pass',
        message: `tip timestamp ${new Date(tipTime * 1000).toISOString()} is not in the future beyond the 2-hour rule`,
        evidence: evT,
        key: 'tip',
        result: 'tip',
      });
    return results;
  },
);
