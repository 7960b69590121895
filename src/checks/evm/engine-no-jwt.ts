import { errorMessage } from '../../errors.js';
import { maskUrl } from '../../mask.js';
import { defineCheck } from '../types.js';
import { anonymousRpc, callEvidence, outcomeText } from '../node-probe.js';

export default defineCheck(
  {
    id: 'evm.engine.no-jwt',
    title: 'Engine API (authrpc) answers without a JWT',
    description:
      'The Engine API lets a consensus client drive the execution client (fork choice, payload building). It must demand a JWT signed with the shared secret; an Engine API answering without one lets anyone steer the node.',
    targetKinds: ['evm-node'],
    severity: 'critical',
    confidence: 'high',
    tags: ['rpc', 'engine-api', 'auth'],
    remediation:
      'Keep --authrpc.jwtsecret set, bind authrpc to loopback or the consensus client host only, and never proxy it publicly.',
    references: ['https://github.com/ethereum/execution-apis/blob/main/src/engine/authentication.md'],
    level: 'passive',
  },
  async (ctx) => {
    const url = ctx.target.authrpc;
    if (!url) return [{ status: 'not-applicable', message: 'no authrpc endpoint in the scope' }];
    let out;
    try {
      out = await anonymousRpc(ctx, url).call('engine_exchangeCapabilities', [[]]);
    } catch (err) {
      return [{ status: 'error', message: `authrpc ${maskUrl(url)} could not be reached: ${errorMessage(err)}` }];
    }
    const evidence = [
      { label: 'request', value: `POST ${maskUrl(url)} without Authorization` },
      callEvidence('engine_exchangeCapabilities', [[]], out),
    ];
    if (out.http.status === 401 || out.http.status === 403)
      return [{ status: 'pass', message: `authrpc refuses calls without a JWT (HTTP ${out.http.status})`, evidence }];
    if (out.ok || out.error)
      return [{ status: 'fail', message: 'authrpc answered a JSON-RPC call sent without a JWT', evidence }];
    return [
      {
        status: 'error',
        message: `authrpc gave neither a JSON-RPC answer nor a refusal (${outcomeText(out, 160)}): whether it demands a JWT cannot be told`,
        evidence,
      },
    ];
  },
);
