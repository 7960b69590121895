import { probePort } from '../../clients/tcp.js';
import { DB_PORTS, P2P_PORTS, RPC_PORTS, portRole } from '../../analyzers/configs/common.js';
import { defineCheck, type CheckResult } from '../types.js';
import { probeAddress } from './probes.js';

/** Ports scanned besides the declared ones: SSH, web, RPC, P2P, databases (see analyzers/configs/common.ts). */
export const SCANNED_PORTS = [
  ...new Set([
    21,
    22,
    23,
    25,
    80,
    111,
    443,
    2222,
    3000,
    5000,
    8000,
    8080,
    8443,
    9090,
    9100,
    ...Object.keys(RPC_PORTS).map(Number),
    ...Object.keys(P2P_PORTS).map(Number),
    ...Object.keys(DB_PORTS).map(Number),
  ]),
].sort((a, b) => a - b);

const CONCURRENCY = 16;

export default defineCheck(
  {
    id: 'services.open-ports',
    title: 'Open ports match the services the scope declares',
    description: `TCP-connects to the host on a documented list of ${SCANNED_PORTS.length} common SSH, web, RPC, P2P and database ports plus every declared port, and reports open ports no service in the scope accounts for, and declared services that do not answer.`,
    targetKinds: ['host'],
    severity: 'medium',
    confidence: 'medium',
    tags: ['ports', 'network', 'probe'],
    remediation:
      'Stop services that are not needed or bind them to loopback; declare the ones that are in the scope so drift is noticed.',
    references: [],
    level: 'passive',
    timeoutMs: 120_000,
  },
  async (ctx) => {
    const host = probeAddress(ctx.target);
    const declared = new Map<number, string>(
      ctx.target.services.filter((s) => s.protocol === 'tcp').map((s) => [s.port, s.name]),
    );
    if (ctx.target.ssh) declared.set(ctx.target.ssh.port, 'ssh');
    const ports = [...new Set([...SCANNED_PORTS, ...declared.keys()])];
    const open: number[] = [];
    const closedDeclared: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < ports.length && !ctx.signal.aborted) {
          const p = ports[next++];
          const state = await probePort(host, p, 1_500, ctx.signal);
          if (state === 'open') open.push(p);
          else if (declared.has(p)) closedDeclared.push(p);
        }
      }),
    );
    open.sort((a, b) => a - b);
    const results: CheckResult[] = [];
    const undeclared = open.filter((p) => !declared.has(p));
    const evidence = [
      { label: 'scanned', value: `${ports.length} TCP ports on ${host}` },
      { label: 'open', value: open.join(', ') || '(none)' },
    ];
    for (const p of undeclared) {
      const role = portRole(p);
      results.push({
        status: 'fail',
        severity: role && role.role !== 'p2p' ? 'high' : 'medium',
        message: `${host}:${p} is open${role ? ` (${role.name})` : ''} but no service in the scope declares it`,
        evidence,
        key: `undeclared:${p}`,
      });
    }
    for (const p of closedDeclared.sort((a, b) => a - b))
      results.push({
        status: 'warn',
        severity: 'low',
        message: `declared service ${declared.get(p)} on ${host}:${p} does not accept connections`,
        evidence,
        key: `missing:${p}`,
      });
    if (!undeclared.length)
      results.push({
        status: 'pass',
        message: `every open port among the ${ports.length} scanned is declared in the scope (${open.join(', ') || 'none open'})`,
        evidence,
        key: 'summary',
      });
    return results;
  },
);
