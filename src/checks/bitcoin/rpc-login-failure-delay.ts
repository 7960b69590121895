import { defineCheck } from '../types.js';
import { basicAuth } from './support.js';
import { anonymousRpc, outcomeText, tryCall } from '../node-probe.js';

/** Bitcoin Core sleeps 250 ms before answering a wrong password (httprpc.cpp); less than this means no throttling. */
const THROTTLE_MS = 200;

export default defineCheck(
  {
    id: 'bitcoin.rpc.login-failure-delay',
    title: 'Failed RPC logins are slowed down or locked out',
    description:
      'A node that answers wrong passwords at line speed lets an attacker try thousands of guesses per second. Bitcoin Core delays each failure by 250 ms but never locks a source out, so parallel connections still multiply the guessing rate.',
    targetKinds: ['bitcoin-node'],
    severity: 'medium',
    confidence: 'medium',
    tags: ['rpc', 'auth', 'brute-force'],
    remediation:
      'Keep RPC off untrusted networks; put fail2ban (watching "ThreadRPCServer incorrect password attempt" in debug.log) or an authenticating proxy with lockout in front of any RPC port reachable by more than the operators.',
    references: ['https://github.com/bitcoin/bitcoin/blob/v0.21.0/src/httprpc.cpp#L170'],
    level: 'passive',
  },
  async (ctx) => {
    const wrong = `chainaudit-wrong-${Date.now()}`;
    const { out, failure } = await tryCall(
      anonymousRpc(ctx, ctx.target.rpc, { authorization: basicAuth('chainaudit-probe', wrong) }),
      'getblockcount',
    );
    if (!out) return [{ status: 'error', message: `the RPC endpoint could not be reached: ${failure}` }];
    const ms = Math.round(out.http.elapsedMs);
    const evidence = [{ label: 'one call with a wrong password', value: `HTTP ${out.http.status} after ${ms} ms` }];
    if (out.http.status !== 401 && out.http.status !== 403 && out.malformed)
      return [
        {
          status: 'error',
          message: `a wrong password got neither a refusal nor a JSON-RPC answer (${outcomeText(out, 160)}): how failures are handled cannot be told`,
          evidence,
        },
      ];
    if (out.http.status !== 401 && out.http.status !== 403) {
      return [
        {
          status: 'fail',
          severity: 'high',
          message: `a wrong password is not refused (HTTP ${out.http.status})`,
          evidence,
        },
      ];
    }
    if (ms < THROTTLE_MS) {
      return [
        {
          status: 'fail',
          message: `a wrong password is refused after only ${ms} ms: guessing runs at network speed`,
          evidence,
        },
      ];
    }
    return [
      {
        status: 'warn',
        severity: 'low',
        message: `each wrong password is delayed (${ms} ms) but nothing locks the source out; parallel connections multiply the guessing rate`,
        evidence,
      },
    ];
  },
);
