import { maskUrl } from '../../mask.js';
import type { CheckResult } from '../types.js';
import { defineCheck } from '../types.js';
import { exposureOf, hostOf, isLoopbackHost } from '../node-probe.js';

export default defineCheck(
  {
    id: 'evm.rpc.plaintext',
    title: 'RPC endpoints use plaintext HTTP/WebSocket off the local host',
    description:
      'JSON-RPC over plain HTTP or ws:// beyond loopback exposes requests, signed transactions and any credentials to everyone on the path, and lets them alter answers (balances, receipts).',
    targetKinds: ['evm-node'],
    severity: 'high',
    confidence: 'high',
    tags: ['rpc', 'tls', 'transport'],
    remediation:
      'Terminate TLS in front of every RPC endpoint reachable from other hosts (reverse proxy with HTTPS/WSS, or mutual TLS inside the consortium).',
    references: ['https://geth.ethereum.org/docs/fundamentals/security'],
    level: 'passive',
    results: {
      rpc: { title: 'HTTP JSON-RPC endpoint uses TLS' },
      ws: { title: 'WebSocket endpoint uses TLS' },
      authrpc: { title: 'Engine API endpoint uses TLS' },
    },
  },
  async (ctx) => {
    const t = ctx.target;
    const exposure = exposureOf(t);
    const endpoints: [string, string | undefined][] = [
      ['rpc', t.rpc],
      ['ws', t.ws],
      ['authrpc', t.authrpc],
    ];
    const results: CheckResult[] = [];
    for (const [name, url] of endpoints) {
      if (!url) continue;
      const plain = /^(http|ws):/i.test(url);
      const evidence = [{ label: name, value: `${maskUrl(url)} (exposure ${exposure})` }];
      if (!plain) results.push({ key: name, result: name, status: 'pass', message: `${name} uses TLS`, evidence });
      else if (isLoopbackHost(hostOf(url)) && exposure === 'loopback')
        results.push({
          key: name,
          result: name,
          status: 'pass',
          message: `${name} is plaintext but on loopback only`,
          evidence,
        });
      else
        results.push({
          key: name,
          result: name,
          status: 'fail',
          severity: exposure === 'public' ? 'high' : 'medium',
          message: `${name} is plaintext on a ${exposure} endpoint`,
          evidence,
        });
    }
    return results;
  },
);
