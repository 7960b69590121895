import { bodyText, httpRequest } from '../../clients/http.js';
import { defineCheck } from '../types.js';
import { isObject } from './support.js';
import { exposureOf } from '../node-probe.js';

export function restUrl(rpc: string, rest?: string): string {
  const base = new URL(rest ?? rpc);
  return new URL('/rest/chaininfo.json', base.origin).toString();
}

export default defineCheck(
  {
    id: 'bitcoin.rest.unauthenticated',
    title: 'REST interface serves chain data without authentication',
    description:
      'With -rest the node answers /rest/* on its RPC port to anyone, with no credentials at all: blocks, transactions, UTXO lookups and mempool contents. It is meant for trusted local services only and is an easy resource-exhaustion target when reachable.',
    targetKinds: ['bitcoin-node'],
    severity: 'medium',
    confidence: 'high',
    tags: ['rest', 'auth'],
    remediation:
      'Run without -rest unless a local indexer needs it; if needed, keep the RPC port on loopback and publish REST only through a proxy that authenticates and rate-limits.',
    references: ['https://github.com/bitcoin/bitcoin/blob/master/doc/REST-interface.md'],
    level: 'passive',
  },
  async (ctx) => {
    const url = restUrl(ctx.target.rpc, ctx.target.rest);
    let res;
    try {
      res = await httpRequest({ url, method: 'GET', timeoutMs: 10_000, maxBytes: 256 * 1024, signal: ctx.signal });
    } catch (err) {
      return [
        {
          status: 'error',
          message: `the REST URL could not be reached: ${err instanceof Error ? err.message : String(err)}`,
        },
      ];
    }
    const evidence = [
      {
        label: `GET ${url} without credentials`,
        value: `HTTP ${res.status}, ${bodyText(res.body, 200) || '(empty body)'}`,
      },
    ];
    let json: unknown;
    try {
      json = JSON.parse(res.body.toString('utf8'));
    } catch {
      json = undefined;
    }
    if (res.status === 200 && isObject(json) && typeof json.chain === 'string') {
      const exposed = exposureOf(ctx.target) !== 'loopback';
      return [
        {
          status: 'fail',
          severity: exposed ? 'high' : 'medium',
          message: `the REST interface is on: anyone reaching ${new URL(url).host} reads chain "${String(json.chain).slice(0, 20)}" at height ${String(json.blocks).slice(0, 12)} without credentials`,
          evidence,
        },
      ];
    }
    if (res.status === 404 || res.status === 403 || res.status === 401 || res.status === 405) {
      return [{ status: 'pass', message: `no unauthenticated REST interface (HTTP ${res.status})`, evidence }];
    }
    return [
      {
        status: 'error',
        message: `the REST path answered neither chain data nor a refusal (HTTP ${res.status}): whether REST is on cannot be told`,
        evidence,
      },
    ];
  },
);
