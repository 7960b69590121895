import { defineCheck } from '../types.js';
import { asPeers, lastValue, readNodeConfig } from './support.js';
import { sharedCall, show, unusable } from '../node-probe.js';

export default defineCheck(
  {
    id: 'bitcoin.p2p.node-access-control',
    title: "Any host may join the node's peer-to-peer network",
    description:
      'Bitcoin-family P2P has no peer authentication: any host that speaks the protocol is accepted as a peer while a slot is free. For a consortium or private chain this means outsiders can connect, learn the topology, relay transactions and try eclipse attacks.',
    targetKinds: ['bitcoin-node'],
    severity: 'medium',
    confidence: 'medium',
    tags: ['p2p', 'access-control'],
    remediation:
      'For a permissioned network run with listen=0 and connect= to the known peers only, or firewall the P2P port to the member nodes; use whitebind/whitelist permissions only for those members.',
    references: [
      'https://github.com/bitcoin/bitcoin/blob/master/doc/p2p-bad-ports.md',
      'Research on blockchain evaluation methods under the classified protection of cybersecurity (Chinese Journal of Engineering, 2020), Table 3 (node link control: N for Bitcoin)',
    ],
    level: 'passive',
  },
  async (ctx) => {
    const { config, problem } = readNodeConfig(ctx);
    const cfgEvidence = config
      ? [
          {
            label: config.file,
            value: `listen=${lastValue(config, 'listen') ?? '(default)'}; connect=${(config.values.get('connect') ?? []).join(', ') || '(none)'}; bind=${(config.values.get('bind') ?? []).join(', ') || '(none)'}`,
          },
        ]
      : [];
    if (config) {
      const connect = (config.values.get('connect') ?? []).filter((c) => c !== '0');
      const listen = lastValue(config, 'listen');
      const listening = listen === undefined ? connect.length === 0 : listen !== '0';
      if (!listening && connect.length > 0) {
        return [
          {
            status: 'pass',
            message: `the node accepts no inbound peers and connects only to ${connect.length} configured peer(s)`,
            evidence: cfgEvidence,
          },
        ];
      }
      if (!listening) {
        return [
          {
            status: 'warn',
            message: 'the node accepts no inbound peers but picks outbound peers freely from the address manager',
            evidence: cfgEvidence,
          },
        ];
      }
    }
    const out = await sharedCall(ctx, 'getpeerinfo');
    const peers = out.ok ? asPeers(out.result) : undefined;
    if (!peers) return [problem ? { status: 'error', message: problem } : unusable('getpeerinfo', out)];
    const inbound = peers.filter((p) => p.inbound);
    const unprivileged = inbound.filter((p) => !p.permissions || p.permissions.length === 0);
    const evidence = [
      ...cfgEvidence,
      {
        label: 'inbound peers (getpeerinfo)',
        value:
          inbound
            .slice(0, 20)
            .map((p) => `${show(p.addr, 60)} permissions=${show(p.permissions ?? [], 60)}`)
            .join('; ') || '(none)',
      },
    ];
    if (inbound.length > 0) {
      return [
        {
          status: 'fail',
          message: `the node listens and admitted ${inbound.length} inbound peer(s) without any authentication (${unprivileged.length} without whitelist permissions); P2P has no peer identity check`,
          evidence,
        },
      ];
    }
    return [
      {
        status: 'warn',
        confidence: 'low',
        message:
          'no inbound peer right now; P2P itself authenticates no peer, so unless listen=0 or a firewall limits the port any host can join (give configFile to confirm)',
        evidence,
      },
    ];
  },
);
