import type { CheckResult } from '../types.js';
import { defineCheck } from '../types.js';
import { v2TransportFinding } from '../../analyzers/configs/ini.js';
import { parseUserAgent } from './known-versions.js';
import { asNetworkInfo, asPeers, lastValue, readNodeConfig, type PeerInfo } from './support.js';
import { sharedCall, show, unusable } from '../node-probe.js';

/**
 * Judges P2P transport from getpeerinfo / getnetworkinfo. BIP324 v2 transport (Bitcoin Core 26+)
 * reports `transport_protocol_type: "v2"` per peer and the P2P_V2 service bit; nodes before it
 * have neither field and speak only the plaintext v1 protocol.
 */
export function evaluateTransport(
  peers: PeerInfo[],
  localServices: string[] | undefined,
): Omit<CheckResult, 'evidence'> {
  const offersV2 = (localServices ?? []).includes('P2P_V2');
  const v2 = peers.filter((p) => p.transport_protocol_type === 'v2');
  const plain = peers.filter((p) => p.transport_protocol_type !== 'v2');
  if (peers.length === 0) {
    return offersV2
      ? {
          status: 'pass',
          message: 'no peers right now; the node offers BIP324 encrypted transport (P2P_V2)',
          confidence: 'medium',
        }
      : {
          status: 'fail',
          message: 'the node does not offer BIP324 encrypted transport: every P2P message travels in clear text',
        };
  }
  if (plain.length === 0)
    return { status: 'pass', message: `all ${peers.length} peers use BIP324 v2 encrypted transport` };
  const noSupport = !offersV2 && peers.every((p) => p.transport_protocol_type === undefined);
  return {
    status: 'fail',
    severity: v2.length > 0 ? 'low' : 'medium',
    message: noSupport
      ? `the client has no encrypted P2P transport: all ${peers.length} peer connections are plaintext v1 (messages are only checksummed, anyone on path can read and alter them)`
      : `${plain.length} of ${peers.length} peer connections are plaintext v1 (${v2.length} use BIP324 v2)`,
  };
}

export default defineCheck(
  {
    id: 'bitcoin.p2p.transport-encryption',
    title: 'Peer-to-peer traffic is not encrypted or authenticated',
    description:
      'The v1 Bitcoin P2P protocol sends blocks, transactions and addresses in clear text with a 4-byte checksum that anyone can recompute, so an on-path attacker reads and rewrites unicast, relayed and broadcast messages. BIP324 (v2 transport, Bitcoin Core 26+) encrypts and authenticates each connection.',
    targetKinds: ['bitcoin-node'],
    severity: 'medium',
    confidence: 'high',
    tags: ['p2p', 'encryption'],
    remediation:
      'Run a client with BIP324 (Bitcoin Core 26+, -v2transport=1, default on since 27.0); for forks without it, carry P2P between consortium nodes over WireGuard/IPsec or TLS tunnels.',
    references: [
      'https://github.com/bitcoin/bips/blob/master/bip-0324.mediawiki',
      'Research on blockchain evaluation methods under the classified protection of cybersecurity (Chinese Journal of Engineering, 2020), Table 3 (data integrity: N for Bitcoin)',
    ],
    level: 'passive',
  },
  async (ctx) => {
    const peersOut = await sharedCall(ctx, 'getpeerinfo');
    const peers = peersOut.ok ? asPeers(peersOut.result) : undefined;
    if (!peers) return [unusable('getpeerinfo', peersOut)];
    const infoOut = await sharedCall(ctx, 'getnetworkinfo');
    const info = infoOut.ok ? asNetworkInfo(infoOut.result) : undefined;
    if (!info) return [unusable('getnetworkinfo', infoOut)];
    const verdict = evaluateTransport(peers, info.localservicesnames);
    const perPeer = peers
      .slice(0, 20)
      .map(
        (p) =>
          `${show(p.addr, 60)} ${p.inbound ? 'in' : 'out'} ${show(p.transport_protocol_type ?? 'v1 (field absent)', 30)}`,
      );
    const evidence = [
      { label: 'getnetworkinfo.subversion', value: show(info.subversion, 80) },
      { label: 'getnetworkinfo.localservicesnames', value: show(info.localservicesnames ?? '(not reported)', 200) },
      { label: 'getpeerinfo transport per peer', value: perPeer.join('; ') || '(no peers)' },
    ];
    if (verdict.status === 'pass' || (info.localservicesnames ?? []).includes('P2P_V2'))
      return [{ ...verdict, evidence }];
    const client = parseUserAgent(info.subversion);
    const { config } = readNodeConfig(ctx);
    const value = lastValue(config, 'v2transport');
    const why = v2TransportFinding(value === undefined ? undefined : { value, raw: `v2transport=${value}` }, client);
    return [
      {
        ...verdict,
        message: `${verdict.message}; ${why.message}`,
        remediation: why.fix || undefined,
        evidence: config
          ? [...evidence, { label: config.file, value: why.setting ?? 'v2transport (not set)' }]
          : evidence,
      },
    ];
  },
);
