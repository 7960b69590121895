import { basename } from 'node:path';
import { NODE_PROCESS_NAMES } from '../../analyzers/configs/host.js';
import { defineCheck } from '../types.js';
import { isLocal, processes, REMOTE_ONLY } from './local.js';

export default defineCheck(
  {
    id: 'host.node-process-root',
    title: 'Blockchain node processes do not run as root',
    description: `Looks through /proc for node and validator daemons (${NODE_PROCESS_NAMES.slice(0, 12).join(', ')}…) and reports those running with UID 0: an RPC or P2P bug in them becomes a full host compromise, keys included.`,
    targetKinds: ['host'],
    severity: 'high',
    confidence: 'high',
    tags: ['host', 'node', 'local'],
    remediation:
      'Run each node under its own unprivileged system user (systemd `User=`, or a container with a non-root user).',
    references: [],
    level: 'passive',
  },
  async (ctx) => {
    if (!isLocal(ctx.target)) return REMOTE_ONLY;
    const names = new Set(NODE_PROCESS_NAMES.map((n) => n.toLowerCase()));
    const nodes = processes().filter(
      (p) => names.has(p.comm.toLowerCase()) || names.has(basename(p.exe).toLowerCase()),
    );
    if (!nodes.length)
      return [{ status: 'not-applicable', message: 'no known blockchain node process is running on this machine' }];
    return nodes.map((p) => {
      const name = names.has(p.comm.toLowerCase()) ? p.comm : basename(p.exe);
      const evidence = [
        { label: `/proc/${p.pid}`, value: `uid ${p.uid}: ${p.args.slice(0, 6).join(' ').slice(0, 300)}` },
      ];
      return p.uid === 0
        ? { status: 'fail' as const, message: `${name} (pid ${p.pid}) runs as root`, evidence, key: `${name}:${p.pid}` }
        : {
            status: 'pass' as const,
            message: `${name} (pid ${p.pid}) runs as uid ${p.uid}`,
            evidence,
            key: `${name}:${p.pid}`,
          };
    });
  },
);
