import { readlinkSync } from 'node:fs';
import { isAllInterfaces, isLoopback, portRole } from '../../analyzers/configs/common.js';
import { parseProcNetTcp, parseSsListening, type ListeningSocket } from '../../analyzers/configs/host.js';
import { runCommand } from '../../clients/process.js';
import { defineCheck, type CheckResult } from '../types.js';
import { isLocal, listDir, readSmall, REMOTE_ONLY } from './local.js';

/** Listening TCP sockets with their processes: `ss -tlnpH`, or /proc/net/tcp{,6} joined with /proc/PID/fd when ss is missing. */
export async function listeningSockets(signal?: AbortSignal): Promise<{ sockets: ListeningSocket[]; source: string }> {
  const ss = await runCommand({ file: 'ss', args: ['-tlnpH'], timeoutMs: 5_000, maxBytes: 2 * 1024 * 1024, signal });
  if (ss.found && ss.exitCode === 0) return { sockets: parseSsListening(ss.stdout), source: 'ss -tlnpH' };
  const raw = [
    ...parseProcNetTcp(readSmall('/proc/net/tcp') ?? '', false),
    ...parseProcNetTcp(readSmall('/proc/net/tcp6') ?? '', true),
  ];
  const owners = new Map<string, { pid: number; comm: string }>();
  for (const pid of listDir('/proc').filter((d) => /^\d+$/.test(d))) {
    for (const fd of listDir(`/proc/${pid}/fd`).slice(0, 4096)) {
      let link = '';
      try {
        link = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
      if (inode && !owners.has(inode))
        owners.set(inode, { pid: Number(pid), comm: (readSmall(`/proc/${pid}/comm`, 256) ?? '').trim() });
    }
  }
  return {
    sockets: raw.map((s) => ({
      address: s.address,
      port: s.port,
      pid: owners.get(s.inode)?.pid,
      process: owners.get(s.inode)?.comm,
    })),
    source: '/proc/net/tcp',
  };
}

export default defineCheck(
  {
    id: 'host.listening-sockets',
    title: 'Listening sockets: nothing sensitive on every interface, nothing undeclared',
    description:
      'Lists the listening TCP sockets of this machine with their processes (ss, or /proc when ss is absent) and reports RPC, database and admin ports bound to every interface, and listeners on non-loopback addresses that the scope does not declare.',
    targetKinds: ['host'],
    severity: 'high',
    confidence: 'high',
    tags: ['host', 'ports', 'local'],
    remediation:
      'Bind RPC, databases and caches to 127.0.0.1 (or a private interface) and stop services that are not needed.',
    references: ['https://man7.org/linux/man-pages/man8/ss.8.html'],
    level: 'passive',
  },
  async (ctx) => {
    if (!isLocal(ctx.target)) return REMOTE_ONLY;
    const { sockets, source } = await listeningSockets(ctx.signal);
    const declared = new Set(ctx.target.services.map((s) => s.port));
    if (ctx.target.ssh) declared.add(ctx.target.ssh.port);
    const byPort = new Map<number, ListeningSocket[]>();
    for (const s of sockets) byPort.set(s.port, [...(byPort.get(s.port) ?? []), s]);
    const results: CheckResult[] = [];
    const describe = (s: ListeningSocket) =>
      `${s.address.includes(':') ? `[${s.address}]` : s.address}:${s.port}${s.process ? ` ${s.process}${s.pid ? `(pid ${s.pid})` : ''}` : ''}`;
    for (const [port, list] of [...byPort].sort((a, b) => a[0] - b[0])) {
      const wide = list.filter((s) => isAllInterfaces(s.address));
      const nonLoop = list.filter((s) => !isLoopback(s.address));
      const role = portRole(port);
      const evidence = [{ label: source, value: list.map(describe).join(', ') }];
      if (wide.length && role && role.role !== 'p2p' && !declared.has(port))
        results.push({
          status: 'fail',
          message: `${role.name} port ${port} listens on every interface (${wide.map(describe).join(', ')})`,
          evidence,
          key: `${port}`,
        });
      else if (wide.length && role && (role.role === 'db' || role.role === 'rpc'))
        results.push({
          status: 'warn',
          severity: 'medium',
          message: `declared ${role.name} port ${port} listens on every interface; make sure a firewall limits who reaches it`,
          evidence,
          key: `${port}`,
        });
      else if (nonLoop.length && !declared.has(port))
        results.push({
          status: 'warn',
          severity: 'medium',
          message: `port ${port} listens beyond loopback but is not declared in the scope (${nonLoop.map(describe).join(', ')})`,
          evidence,
          key: `${port}`,
        });
    }
    if (!results.length)
      results.push({
        status: 'pass',
        message: `${sockets.length} listening socket(s); none sensitive on every interface and none undeclared beyond loopback`,
        evidence: [{ label: source, value: sockets.map(describe).join(', ').slice(0, 2000) || '(none)' }],
        key: 'summary',
      });
    return results;
  },
);
