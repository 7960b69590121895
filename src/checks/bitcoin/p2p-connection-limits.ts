import type { CheckResult } from '../types.js';
import { defineCheck } from '../types.js';
import { asNetworkInfo, asPeers, lastValue, readNodeConfig, type PeerInfo } from './support.js';
import { callEvidence, sharedCall, unusable } from '../node-probe.js';

/** The expectation of "Research on blockchain evaluation methods under the classified protection of cybersecurity" (Table 3): no more than 117 inbound and 8 outbound connections. */
export const DEFAULT_MAX_INBOUND = 117;
/** Bitcoin Core 0.21+: 8 full-relay plus 2 block-relay-only automatic outbound connections. */
export const DEFAULT_MAX_OUTBOUND = 10;
/** Bitcoin Core's default -maxconnections. */
export const CORE_MAX_CONNECTIONS = 125;

const AUTOMATIC_OUTBOUND = new Set(['outbound-full-relay', 'block-relay-only']);

export interface PeerCounts {
  inbound: number;
  automaticOutbound: number;
  manual: number;
  shortLived: number;
}

export function countPeers(peers: PeerInfo[]): PeerCounts {
  const c: PeerCounts = { inbound: 0, automaticOutbound: 0, manual: 0, shortLived: 0 };
  for (const p of peers) {
    if (p.inbound) c.inbound++;
    else if (p.connection_type === undefined || AUTOMATIC_OUTBOUND.has(p.connection_type)) c.automaticOutbound++;
    else if (p.connection_type === 'manual') c.manual++;
    else c.shortLived++;
  }
  return c;
}

export default defineCheck(
  {
    id: 'bitcoin.p2p.connection-limits',
    title: 'Peer connections within the concurrency limits',
    description:
      'Concurrent-connection limits keep a node from exhausting file descriptors, memory and bandwidth (and make eclipse attacks harder). The blockchain evaluation method of the classified protection of cybersecurity expects at most 117 inbound and 8 outbound connections; Bitcoin Core defaults to 125 in total with 8 full-relay + 2 block-relay-only outbound.',
    targetKinds: ['bitcoin-node'],
    severity: 'medium',
    confidence: 'high',
    tags: ['p2p', 'resources'],
    remediation:
      'Keep -maxconnections at or below 125 (lower on small hosts), let Core manage outbound slots, and alert when the peer count leaves the expected band.',
    references: [
      'https://github.com/bitcoin/bitcoin/blob/v0.21.0/src/net.h#L60-L75',
      'Research on blockchain evaluation methods under the classified protection of cybersecurity (Chinese Journal of Engineering, 2020), Table 3 (concurrent connection restriction)',
    ],
    level: 'passive',
    results: {
      counts: { title: 'Inbound and outbound connection counts within the limits' },
      config: { title: 'maxconnections in the node configuration' },
    },
  },
  async (ctx) => {
    const results: CheckResult[] = [];
    const peersOut = await sharedCall(ctx, 'getpeerinfo');
    const peers = peersOut.ok ? asPeers(peersOut.result) : undefined;
    if (!peers) return [unusable('getpeerinfo', peersOut)];
    const infoOut = await sharedCall(ctx, 'getnetworkinfo');
    const info = infoOut.ok ? asNetworkInfo(infoOut.result) : undefined;
    const c = countPeers(peers);
    const exp = ctx.target.expect;
    const maxIn = exp.maxInbound ?? DEFAULT_MAX_INBOUND;
    const maxOut = exp.maxOutbound ?? DEFAULT_MAX_OUTBOUND;
    const problems: string[] = [];
    if (c.inbound > maxIn) problems.push(`${c.inbound} inbound > ${maxIn}`);
    if (c.automaticOutbound > maxOut) problems.push(`${c.automaticOutbound} automatic outbound > ${maxOut}`);
    if (exp.minPeers !== undefined && peers.length < exp.minPeers)
      problems.push(`${peers.length} peers < the expected minimum ${exp.minPeers}`);
    const summary = `${peers.length} peers: ${c.inbound} inbound, ${c.automaticOutbound} automatic outbound, ${c.manual} manual (addnode), ${c.shortLived} feeler/addr-fetch`;
    const evidence = [
      { label: 'getpeerinfo', value: summary },
      ...(info ? [callEvidence('getnetworkinfo', [], infoOut, 120)] : []),
      {
        label: 'limits applied',
        value: `inbound ≤ ${maxIn}, automatic outbound ≤ ${maxOut}${exp.minPeers !== undefined ? `, peers ≥ ${exp.minPeers}` : ''}`,
      },
    ];
    results.push(
      problems.length
        ? {
            status: 'fail',
            message: `connection counts out of bounds: ${problems.join('; ')}`,
            evidence,
            key: 'counts',
            result: 'counts',
          }
        : {
            status: 'pass',
            message: `${summary}; within inbound ≤ ${maxIn} and outbound ≤ ${maxOut}`,
            evidence,
            key: 'counts',
            result: 'counts',
          },
    );

    const { config, problem } = readNodeConfig(ctx);
    if (problem) results.push({ status: 'error', message: problem, key: 'config', result: 'config' });
    if (config) {
      const raw = lastValue(config, 'maxconnections');
      const max = raw === undefined ? CORE_MAX_CONNECTIONS : Number(raw);
      const evidenceCfg = [
        { label: config.file, value: `maxconnections=${raw ?? `(unset: default ${CORE_MAX_CONNECTIONS})`}` },
      ];
      if (!Number.isFinite(max) || max > CORE_MAX_CONNECTIONS) {
        results.push({
          status: 'fail',
          message: `maxconnections=${raw} raises the limit above Core's ${CORE_MAX_CONNECTIONS}`,
          evidence: evidenceCfg,
          key: 'config',
          result: 'config',
        });
      } else if (max > maxIn + maxOut) {
        results.push({
          status: 'warn',
          severity: 'low',
          message: `maxconnections=${max} allows more than the ${maxIn} inbound + ${maxOut} outbound the evaluation expects`,
          evidence: evidenceCfg,
          key: 'config',
          result: 'config',
        });
      } else {
        results.push({
          status: 'pass',
          message: `maxconnections=${max} bounds the node's connections`,
          evidence: evidenceCfg,
          key: 'config',
          result: 'config',
        });
      }
    }
    return results;
  },
);
