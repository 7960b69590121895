import { runCommand } from '../../clients/process.js';
import { defineCheck } from '../types.js';
import { isLocal, REMOTE_ONLY } from './local.js';

/** Counts filtering rules in `nft list ruleset` / `iptables-save` output (chains with a drop policy count as rules). */
export function countFirewallRules(
  nft: string,
  iptables: string,
): { nft: number; iptables: number; dropPolicy: boolean } {
  const nftRules = nft
    .split('\n')
    .filter(
      (l) =>
        /^\s+(ip6?\s|tcp|udp|ct |iif|oif|meta|counter|jump|accept|drop|reject)/.test(l) && !/^\s+type .* hook /.test(l),
    ).length;
  const ipt = iptables.split('\n').filter((l) => l.startsWith('-A ')).length;
  const dropPolicy = /policy drop/.test(nft) || /^:(INPUT|FORWARD) DROP/m.test(iptables);
  return { nft: nftRules, iptables: ipt, dropPolicy };
}

export default defineCheck(
  {
    id: 'host.firewall',
    title: 'Host firewall rules are present',
    description:
      'Reads the packet filter of this machine (`nft list ruleset`, `iptables-save`) and reports when no rule and no drop policy filters inbound traffic.',
    targetKinds: ['host'],
    severity: 'high',
    confidence: 'medium',
    tags: ['host', 'firewall', 'local'],
    remediation:
      'Enable nftables (or ufw/firewalld) with a default-drop input policy that allows only SSH from admin networks, P2P, and RPC from the application hosts.',
    references: ['https://wiki.nftables.org/wiki-nftables/index.php/Simple_ruleset_for_a_server'],
    level: 'passive',
  },
  async (ctx) => {
    if (!isLocal(ctx.target)) return REMOTE_ONLY;
    const nft = await runCommand({
      file: 'nft',
      args: ['list', 'ruleset'],
      timeoutMs: 5_000,
      maxBytes: 4 * 1024 * 1024,
      signal: ctx.signal,
    });
    const ipt = await runCommand({
      file: 'iptables-save',
      timeoutMs: 5_000,
      maxBytes: 4 * 1024 * 1024,
      signal: ctx.signal,
    });
    const nftOk = nft.found && nft.exitCode === 0;
    const iptOk = ipt.found && ipt.exitCode === 0;
    const evidence = [
      {
        label: 'nft list ruleset',
        value: !nft.found
          ? 'not installed'
          : nftOk
            ? `${nft.stdout.split('\n').length} lines`
            : `failed: ${nft.stderr.trim().slice(0, 160)}`,
      },
      {
        label: 'iptables-save',
        value: !ipt.found
          ? 'not installed'
          : iptOk
            ? `${ipt.stdout.split('\n').filter((l) => l.startsWith('-A ')).length} rules`
            : `failed: ${ipt.stderr.trim().slice(0, 160)}`,
      },
    ];
    if (!nftOk && !iptOk)
      return [
        {
          status: 'warn',
          message: 'the packet filter could not be read (neither nft nor iptables-save ran); run the audit as root',
          evidence,
        },
      ];
    const c = countFirewallRules(nftOk ? nft.stdout : '', iptOk ? ipt.stdout : '');
    if (c.nft + c.iptables === 0 && !c.dropPolicy)
      return [
        {
          status: 'fail',
          message: 'no firewall rule is loaded: every listening port is reachable from every network the host is on',
          evidence,
        },
      ];
    return [
      {
        status: 'pass',
        message: `firewall rules loaded (nftables ${c.nft}, iptables ${c.iptables}${c.dropPolicy ? ', drop policy' : ''})`,
        evidence,
      },
    ];
  },
);
