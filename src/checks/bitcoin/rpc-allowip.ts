import { isIP } from 'node:net';
import { maskUrl } from '../../mask.js';
import type { CheckResult } from '../types.js';
import { defineCheck } from '../types.js';
import { readNodeConfig } from './support.js';
import { anonymousRpc, exposureOf, hostOf, isLoopbackHost, isPrivateHost, tryCall } from '../node-probe.js';

/** Prefix length of an rpcallowip entry (`1.2.3.4`, `1.2.3.0/24`, `1.2.3.0/255.255.255.0`, `::/0`). */
export function allowIpPrefix(entry: string): { family: 4 | 6; prefix: number; address: string } | undefined {
  const [address, mask] = entry.trim().split('/');
  const family = isIP(address);
  if (family !== 4 && family !== 6) return undefined;
  const full = family === 4 ? 32 : 128;
  if (mask === undefined) return { family, prefix: full, address };
  if (/^\d+$/.test(mask)) return { family, prefix: Math.min(Number(mask), full), address };
  if (isIP(mask) === 4) {
    const bits = mask.split('.').reduce((n, o) => n + (Number(o) >>> 0).toString(2).replace(/0/g, '').length, 0);
    return { family, prefix: bits, address };
  }
  return undefined;
}

/** Is an rpcallowip entry wider than a management subnet? IPv4 shorter than /24, IPv6 shorter than /64, or public space. */
export function tooWide(entry: string): string | undefined {
  const p = allowIpPrefix(entry);
  if (!p) return undefined;
  if (p.prefix === 0) return 'allows every address';
  if (p.family === 4 && p.prefix < 24) return `allows a /${p.prefix} (${2 ** (32 - p.prefix)} addresses)`;
  if (p.family === 6 && p.prefix < 64) return `allows an IPv6 /${p.prefix}`;
  if (!isLoopbackHost(p.address) && !isPrivateHost(p.address)) return 'allows public address space';
  return undefined;
}

export default defineCheck(
  {
    id: 'bitcoin.rpc.allowip',
    title: 'RPC allow-list (rpcallowip / rpcbind) is wider than the management network',
    description:
      'rpcallowip decides which source addresses may even try credentials; 0.0.0.0/0 or a wide range with rpcbind on a public interface exposes the RPC port (and its password) to the internet. RPC itself carries no TLS, so credentials cross the network in clear text.',
    targetKinds: ['bitcoin-node'],
    severity: 'high',
    confidence: 'medium',
    tags: ['rpc', 'network', 'allowlist'],
    remediation:
      'Bind RPC to 127.0.0.1 (rpcbind) and allow only loopback or the exact management hosts (rpcallowip=10.0.0.5/32); reach remote nodes through SSH or a VPN.',
    references: ['https://github.com/bitcoin/bitcoin/blob/master/doc/JSON-RPC-interface.md#security'],
    level: 'passive',
    results: {
      config: { title: 'rpcallowip and rpcbind in the node configuration' },
      reachability: { title: 'RPC port reachable from the audit host' },
    },
  },
  async (ctx) => {
    const results: CheckResult[] = [];
    const host = hostOf(ctx.target.rpc);
    const exposure = exposureOf(ctx.target);
    const { config, problem } = readNodeConfig(ctx);
    if (problem) results.push({ status: 'error', message: problem, key: 'config', result: 'config' });
    if (config) {
      const allow = config.values.get('rpcallowip') ?? [];
      const bind = config.values.get('rpcbind') ?? [];
      const wide = allow.map((a) => [a, tooWide(a)] as const).filter(([, why]) => why);
      const publicBind = bind.filter((b) => {
        const h = b.replace(/^\[|\]$/g, '').replace(/:\d+$/, '');
        return h === '0.0.0.0' || h === '::' || (!isLoopbackHost(h) && !isPrivateHost(h));
      });
      const evidence = [
        {
          label: config.file,
          value: `rpcallowip=${allow.join(', ') || '(none: loopback only)'}; rpcbind=${bind.join(', ') || '(none)'}`,
        },
      ];
      if (wide.length > 0) {
        results.push({
          status: 'fail',
          severity: publicBind.length > 0 || bind.length === 0 ? 'high' : 'medium',
          message: `rpcallowip ${wide.map(([a, why]) => `${a} ${why}`).join('; ')}${publicBind.length ? ` and RPC binds to ${publicBind.join(', ')}` : ''}`,
          evidence,
          key: 'config',
          result: 'config',
        });
      } else if (publicBind.length > 0) {
        results.push({
          status: 'warn',
          message: `RPC binds to ${publicBind.join(', ')}; the allow-list is narrow but the port is visible`,
          evidence,
          key: 'config',
          result: 'config',
        });
      } else {
        results.push({
          status: 'pass',
          message: 'rpcallowip only names loopback or narrow management ranges',
          evidence,
          key: 'config',
          result: 'config',
        });
      }
    }
    if (!isLoopbackHost(host)) {
      const { out } = await tryCall(anonymousRpc(ctx), 'getblockcount');
      if (out && (out.http.status === 401 || out.ok || out.error)) {
        results.push({
          status: exposure === 'public' ? 'fail' : 'warn',
          message: `the RPC port of ${host} accepts connections from the audit host (HTTP ${out.http.status}); ${exposure === 'public' ? 'it is reachable from a public address' : 'confirm only management hosts can reach it'}`,
          evidence: [
            {
              label: `POST ${maskUrl(ctx.target.rpc)}`,
              value: `HTTP ${out.http.status} in ${Math.round(out.http.elapsedMs)} ms`,
            },
          ],
          key: 'reachability',
          result: 'reachability',
        });
      }
    }
    if (results.length === 0) {
      results.push({
        status: 'pass',
        message: `RPC is addressed on loopback (${host}); give configFile in the scope to judge rpcallowip/rpcbind`,
        confidence: 'low',
        key: 'loopback',
        result: 'reachability',
      });
    }
    return results;
  },
);
