import { readlinkSync } from 'node:fs';
import { isAllInterfaces, isLoopback, portRole } from '../../analyzers/configs/common.js';
import { parseProcNet, type ListeningSocket } from '../../analyzers/configs/host.js';
import { defineCheck, type CheckResult } from '../types.js';
import { isLocal, listDir, readSmall, REMOTE_ONLY } from './local.js';

const PROC_NET: [file: string, protocol: 'tcp' | 'udp'][] = [
  ['/proc/net/tcp', 'tcp'],
  ['/proc/net/tcp6', 'tcp'],
  ['/proc/net/udp', 'udp'],
  ['/proc/net/udp6', 'udp'],
];

/**
 * Every TCP and UDP socket waiting for peers on this machine, from /proc/net, with the process
 * that holds it (socket inodes matched in /proc/PID/fd, so other users' processes are named only
 * when the audit runs as root).
 */
export function listeningSockets(): { sockets: ListeningSocket[]; unreadable: string[] } {
  const unreadable: string[] = [];
  const raw = PROC_NET.flatMap(([file, protocol]) => {
    const text = readSmall(file, 16 * 1024 * 1024);
    if (text === undefined) unreadable.push(file);
    return text ? parseProcNet(text, protocol) : [];
  });
  const wanted = new Set(raw.map((s) => s.inode));
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
      if (inode && wanted.has(inode) && !owners.has(inode))
        owners.set(inode, { pid: Number(pid), comm: (readSmall(`/proc/${pid}/comm`, 256) ?? '').trim() });
    }
  }
  const seen = new Set<string>();
  const sockets = raw
    .map(({ inode, ...s }) => ({ ...s, pid: owners.get(inode)?.pid, process: owners.get(inode)?.comm }))
    .filter((s) => {
      const id = `${s.protocol} ${s.address} ${s.port} ${s.pid ?? ''}`;
      return seen.has(id) ? false : (seen.add(id), true);
    });
  return { sockets, unreadable };
}

export default defineCheck(
  {
    id: 'host.listening-sockets',
    title: 'Listening sockets: nothing sensitive on every interface, nothing undeclared',
    description:
      'Lists every TCP listener and bound UDP socket of this machine from /proc/net/{tcp,tcp6,udp,udp6}, with its process, and judges each against the services the scope declares (port and protocol): listeners beyond loopback that the scope does not declare, and RPC, database and admin ports bound to every interface.',
    targetKinds: ['host'],
    severity: 'high',
    confidence: 'high',
    tags: ['host', 'ports', 'local'],
    remediation:
      'Bind RPC, databases and caches to 127.0.0.1 (or a private interface), stop services that are not needed, and declare the ones that are in the scope (`services:` with their protocol).',
    references: ['https://man7.org/linux/man-pages/man5/proc_net.5.html'],
    level: 'passive',
    results: {
      undeclared: { title: 'Listeners beyond loopback that the scope does not declare', severity: 'medium' },
      'wide-sensitive': { title: 'RPC, database or admin port listening on every interface', severity: 'high' },
    },
  },
  async (ctx) => {
    if (!isLocal(ctx.target)) return REMOTE_ONLY;
    const { sockets, unreadable } = listeningSockets();
    if (unreadable.length === PROC_NET.length)
      return [
        { status: 'error', message: `cannot read ${unreadable.join(', ')}: the listeners of this host are unknown` },
      ];
    const declared = new Set(ctx.target.services.map((s) => `${s.protocol}/${s.port}`));
    if (ctx.target.ssh) declared.add(`tcp/${ctx.target.ssh.port}`);
    const groups = new Map<string, ListeningSocket[]>();
    for (const s of sockets) {
      const k = `${s.protocol}/${s.port}`;
      groups.set(k, [...(groups.get(k) ?? []), s]);
    }
    const describe = (s: ListeningSocket) =>
      `${s.protocol} ${s.address.includes(':') ? `[${s.address}]` : s.address}:${s.port}${s.process ? ` ${s.process}${s.pid ? `(pid ${s.pid})` : ''}` : ''}`;
    const results: CheckResult[] = unreadable.map((file) => ({
      status: 'error' as const,
      message: `cannot read ${file}: its sockets are not judged`,
      key: file,
    }));
    for (const [k, list] of [...groups].sort((a, b) => a[1][0].port - b[1][0].port || a[0].localeCompare(b[0]))) {
      const { protocol, port } = list[0];
      const wide = list.filter((s) => isAllInterfaces(s.address));
      const nonLoop = list.filter((s) => !isLoopback(s.address));
      const role = portRole(port);
      const isDeclared = declared.has(k);
      const evidence = [{ label: '/proc/net', value: list.map(describe).join(', ') }];
      const sensitiveWide = wide.length > 0 && role !== undefined && role.role !== 'p2p' && protocol === 'tcp';
      if (sensitiveWide && !isDeclared)
        results.push({
          status: 'fail',
          message: `${role.name} port ${port} listens on every interface (${wide.map(describe).join(', ')}) and the scope does not declare it`,
          evidence,
          key: k,
          result: 'wide-sensitive',
        });
      else if (sensitiveWide && (role.role === 'db' || role.role === 'rpc'))
        results.push({
          status: 'warn',
          message: `declared ${role.name} port ${port} listens on every interface; make sure a firewall limits who reaches it`,
          evidence,
          key: k,
          result: 'wide-sensitive',
        });
      else if (nonLoop.length && !isDeclared)
        results.push({
          status: 'warn',
          message: `${protocol} port ${port} listens beyond loopback but the scope does not declare it (${nonLoop.map(describe).join(', ')})`,
          evidence,
          key: k,
          result: 'undeclared',
        });
    }
    const summary = [{ label: '/proc/net', value: sockets.map(describe).join(', ').slice(0, 2000) || '(none)' }];
    if (!results.some((r) => r.result === 'undeclared'))
      results.push({
        status: 'pass',
        message: `${sockets.length} listening socket(s); every one beyond loopback is declared in the scope`,
        evidence: summary,
        key: 'undeclared',
        result: 'undeclared',
      });
    if (!results.some((r) => r.result === 'wide-sensitive'))
      results.push({
        status: 'pass',
        message: 'no RPC, database or admin port listens on every interface',
        evidence: summary,
        key: 'wide-sensitive',
        result: 'wide-sensitive',
      });
    return results;
  },
);
