import { defineCheck } from '../types.js';
import { isObject } from './support.js';
import { callEvidence, hostOf, isLoopbackHost, sharedCall, show, unusable, methodAnswer } from '../node-probe.js';

export default defineCheck(
  {
    id: 'bitcoin.zmq.endpoints',
    title: 'ZMQ notification endpoints bound beyond loopback',
    description:
      'ZMQ publishers (-zmqpubrawtx, -zmqpubhashblock, …) have no authentication and no encryption: anyone who can connect receives every transaction and block as the node sees them, and a flood of subscribers costs the node memory.',
    targetKinds: ['bitcoin-node'],
    severity: 'medium',
    confidence: 'high',
    tags: ['zmq', 'network'],
    remediation:
      'Bind ZMQ publishers to 127.0.0.1 (tcp://127.0.0.1:28332) or a private interface with a firewall; drop the ones no consumer uses.',
    references: ['https://github.com/bitcoin/bitcoin/blob/master/doc/zmq.md#security-warning'],
    level: 'passive',
  },
  async (ctx) => {
    const out = await sharedCall<unknown[]>(ctx, 'getzmqnotifications');
    if (methodAnswer(out) === 'absent') {
      return [
        {
          status: 'not-applicable',
          message: 'the node has no ZMQ support (getzmqnotifications: method not found)',
          evidence: [callEvidence('getzmqnotifications', [], out)],
        },
      ];
    }
    if (!out.ok || !Array.isArray(out.result)) return [unusable('getzmqnotifications', out)];
    const endpoints = out.result
      .filter(isObject)
      .slice(0, 100)
      .map((n) => ({ type: show(n.type, 40), address: show(n.address, 120) }));
    const evidence = [callEvidence('getzmqnotifications', [], out, 500)];
    if (endpoints.length === 0) return [{ status: 'pass', message: 'no ZMQ publisher is configured', evidence }];
    const open = endpoints.filter((e) => {
      const h = hostOf(e.address.replace(/^tcp:/, 'http:'));
      return !e.address.startsWith('ipc:') && !isLoopbackHost(h);
    });
    if (open.length === 0)
      return [{ status: 'pass', message: `${endpoints.length} ZMQ publisher(s), all on loopback or IPC`, evidence }];
    return [
      {
        status: 'fail',
        severity: open.some((e) => /0\.0\.0\.0|\*|\[::\]/.test(e.address)) ? 'medium' : 'low',
        message: `unauthenticated ZMQ publishers reachable beyond the host: ${open.map((e) => `${e.type} ${e.address}`).join(', ')}`,
        evidence,
      },
    ];
  },
);
