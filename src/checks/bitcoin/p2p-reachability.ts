import { defineCheck } from '../types.js';
import { asNetworkInfo } from './support.js';
import { callEvidence, exposureOf, isLoopbackHost, isPrivateHost, sharedCall, show, unusable } from '../node-probe.js';

export default defineCheck(
  {
    id: 'bitcoin.p2p.reachability',
    title: 'Network status: node active, connected and announcing only what it should',
    description:
      'getnetworkinfo tells whether P2P is switched on, how many peers the node has, which networks (IPv4, IPv6, Tor) it can reach and which local addresses it advertises. An inactive or isolated node stops relaying and falls behind; a private node advertising a public address invites the world in.',
    targetKinds: ['bitcoin-node'],
    severity: 'medium',
    confidence: 'high',
    tags: ['p2p', 'status'],
    remediation:
      'Re-enable networking (setnetworkactive true), give the node reachable member peers (addnode/connect), and set discover=0 / externalip only for nodes meant to be public.',
    references: ['https://developer.bitcoin.org/reference/rpc/getnetworkinfo.html'],
    level: 'passive',
  },
  async (ctx) => {
    const out = await sharedCall(ctx, 'getnetworkinfo');
    const info = out.ok ? asNetworkInfo(out.result) : undefined;
    if (!info) return [unusable('getnetworkinfo', out)];
    const networks = Array.isArray(info.networks)
      ? info.networks
          .slice(0, 10)
          .map(
            (n) =>
              `${show(n.name, 12)}:${n.reachable ? 'reachable' : 'unreachable'}${n.proxy ? ` via proxy ${show(n.proxy, 40)}` : ''}`,
          )
      : [];
    const local = Array.isArray(info.localaddresses)
      ? info.localaddresses.slice(0, 20).map((a) => show(a.address, 60))
      : [];
    const evidence = [
      {
        label: 'getnetworkinfo',
        value: `networkactive=${info.networkactive}, connections=${info.connections} (in ${info.connections_in ?? '?'}, out ${info.connections_out ?? '?'}), networks ${networks.join(', ')}, localaddresses [${local.join(', ')}]`,
      },
      ...(info.warnings ? [{ label: 'node warnings', value: show(info.warnings, 200) }] : []),
    ];
    if (info.networkactive === false)
      return [
        {
          status: 'fail',
          message:
            'P2P networking is switched off on this node (networkactive=false): it neither relays nor receives blocks',
          evidence,
        },
      ];
    if (info.connections === 0)
      return [{ status: 'fail', message: 'the node has no peer at all: it is isolated from the network', evidence }];
    const advertised = local.filter((a) => !isLoopbackHost(a) && !isPrivateHost(a));
    if (exposureOf(ctx.target) !== 'public' && advertised.length > 0) {
      return [
        {
          status: 'warn',
          message: `a node meant to be ${exposureOf(ctx.target)} advertises public address(es) ${advertised.join(', ')} to its peers`,
          evidence,
        },
      ];
    }
    return [
      {
        status: 'pass',
        message: `networking active with ${info.connections} peer(s); reachable networks: ${networks.filter((n) => n.includes(':reachable')).join(', ') || 'none'}`,
        evidence: [...evidence, callEvidence('getnetworkinfo', [], out, 150)],
      },
    ];
  },
);
