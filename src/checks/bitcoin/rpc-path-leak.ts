import { defineCheck } from '../types.js';
import { isObject } from './support.js';
import { callEvidence, sharedCall, show, unusable, methodAnswer } from '../node-probe.js';

export default defineCheck(
  {
    id: 'bitcoin.rpc.path-leak',
    title: "getrpcinfo reveals the node's file-system layout",
    description:
      'getrpcinfo (Bitcoin Core 0.18+) returns the absolute path of debug.log, which tells any RPC user the data directory, the account the node runs as and often the host layout. Every authenticated user can call it unless rpcwhitelist restricts the user.',
    targetKinds: ['bitcoin-node'],
    severity: 'low',
    confidence: 'high',
    tags: ['rpc', 'information-leak'],
    remediation:
      'Give application users an rpcwhitelist that excludes getrpcinfo and other administrative calls; run the node under a dedicated account with a neutral data directory.',
    references: ['https://github.com/bitcoin/bitcoin/blob/master/doc/JSON-RPC-interface.md#rpc-whitelist'],
    level: 'passive',
  },
  async (ctx) => {
    const out = await sharedCall(ctx, 'getrpcinfo');
    if (methodAnswer(out) === 'absent')
      return [
        {
          status: 'pass',
          message: 'getrpcinfo is not offered to this caller',
          evidence: [callEvidence('getrpcinfo', [], out)],
        },
      ];
    if (!out.ok || !isObject(out.result)) return [unusable('getrpcinfo', out)];
    const path = typeof out.result.logpath === 'string' ? show(out.result.logpath, 200) : undefined;
    if (!path)
      return [
        {
          status: 'pass',
          message: 'getrpcinfo answers without a log path',
          evidence: [callEvidence('getrpcinfo', [], out)],
        },
      ];
    const home = /^\/(home|Users)\/([^/]+)/.exec(path) ?? (/^\/root\//.test(path) ? ['', '', 'root'] : null);
    return [
      {
        status: 'warn',
        severity: home ? 'low' : 'info',
        message: `getrpcinfo reveals the log path ${path}${home ? ` (runs as account "${home[2]}")` : ''}; it also shows that debug logging is on`,
        evidence: [callEvidence('getrpcinfo', [], out, 200)],
      },
    ];
  },
);
