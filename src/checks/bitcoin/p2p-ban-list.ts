import { isIP } from 'node:net';
import { defineCheck } from '../types.js';
import { isObject } from './support.js';
import { callEvidence, hostOf, sharedCall, show, unusable } from '../node-probe.js';

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((n, o) => (n << 8) + Number(o), 0) >>> 0;
}

/** Does a ban entry (`1.2.3.4/32`, `10.0.0.0/8`, `::1/128`) cover the address? */
export function banCovers(entry: string, address: string): boolean {
  const [net, bits] = entry.split('/');
  if (isIP(net) === 4 && isIP(address) === 4) {
    const prefix = bits === undefined ? 32 : Number(bits);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) return false;
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    return (ipv4ToInt(net) & mask) === (ipv4ToInt(address) & mask);
  }
  return net === address;
}

export default defineCheck(
  {
    id: 'bitcoin.p2p.ban-list',
    title: 'Ban list: misbehaving peers banned, own network members not',
    description:
      "The ban list is the node's memory of peers it (or its operator) refuses. Bans are a self-protection measure, but a member node of the same chain caught in a ban — a hand-typed setban, a too-wide subnet — silently partitions the network.",
    targetKinds: ['bitcoin-node'],
    severity: 'high',
    confidence: 'medium',
    tags: ['p2p', 'ban'],
    remediation:
      'Remove the ban on member nodes (setban <subnet> remove, or clearbanned) and ban only specific misbehaving addresses; protect members with whitelist permissions (noban).',
    references: ['https://developer.bitcoin.org/reference/rpc/setban.html'],
    level: 'passive',
  },
  async (ctx) => {
    const out = await sharedCall<unknown[]>(ctx, 'listbanned');
    if (!out.ok || !Array.isArray(out.result)) return [unusable('listbanned', out)];
    const bans = out.result
      .filter(isObject)
      .slice(0, 10_000)
      .map((b) => show(b.address, 60));
    const members = ctx.scope.targets
      .filter(
        (t) =>
          t.kind === 'bitcoin-node' &&
          t.id !== ctx.target.id &&
          (t.chain ?? t.id) === (ctx.target.chain ?? ctx.target.id),
      )
      .map((t) => ({ id: t.id, host: hostOf((t as { rpc: string }).rpc) }))
      .filter((m) => isIP(m.host));
    const hit = members.filter((m) => bans.some((b) => banCovers(b, m.host)));
    const evidence = [callEvidence('listbanned', [], out, 400)];
    if (hit.length > 0) {
      return [
        {
          status: 'fail',
          message: `member node(s) of the same chain are banned: ${hit.map((m) => `${m.id} (${m.host})`).join(', ')}`,
          evidence,
        },
      ];
    }
    return [
      {
        status: 'pass',
        message: bans.length
          ? `${bans.length} banned address(es), none of them a member node of this chain`
          : 'the ban list is empty and no member node is banned',
        evidence,
      },
    ];
  },
);
