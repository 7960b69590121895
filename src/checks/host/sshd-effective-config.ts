import { isIP } from 'node:net';
import { readConfigText } from '../../analyzers/configs/common.js';
import { errorMessage } from '../../errors.js';
import { auditSshd, sshdMatchBlocks, worseUnderMatch } from '../../analyzers/configs/sshd.js';
import { runCommand } from '../../clients/process.js';
import { declareRules, toResult } from '../configs/shared.js';
import { SSHD_RULES } from '../configs/sshd.js';
import { defineCheck, type CheckResult } from '../types.js';
import { isLocal, readSmall, REMOTE_ONLY } from './local.js';
import type { Scope } from '../../scope/schema.js';

const SSHD_CONFIG = '/etc/ssh/sshd_config';
/** Stands for any client on the internet (TEST-NET-3, RFC 5737). */
const ANY_ADDRESS = '203.0.113.7';

/** A concrete value that satisfies the first positive pattern of a Match criterion, or `fallback`. */
function sample(patterns: string | undefined, fallback: string, kind: 'addr' | 'name'): string {
  const p = patterns?.split(',').find((x) => x && !x.startsWith('!') && x !== '*');
  if (!p) return fallback;
  if (kind === 'addr') {
    const base = p.replace(/\/\d+$/, '').replace(/[*?]/g, '1');
    if (isIP(base) === 4) return base.replace(/\.0$/, '.1');
    if (isIP(base) === 6) return base.endsWith('::') ? `${base}1` : base;
    return fallback;
  }
  return p.replace(/\*/g, 'x').replace(/\?/g, 'x');
}

/** A user in `group` (a secondary member from /etc/group, else one whose primary group it is). */
function memberOf(group: string): string | undefined {
  const groups = readSmall('/etc/group') ?? '';
  const line = groups.split('\n').find((l) => l.split(':')[0] === group);
  if (!line) return undefined;
  const [, , gid, members] = line.split(':');
  const member = members?.split(',').find(Boolean);
  if (member) return member.trim();
  return (readSmall('/etc/passwd') ?? '')
    .split('\n')
    .find((l) => l.split(':')[3] === gid)
    ?.split(':')[0];
}

/**
 * The connection spec (`sshd -T -C …`) of one client that satisfies a Match block: from the
 * block's own patterns, else an internet address, the root user and the daemon's first
 * listening address and port.
 */
export function connectionSpec(
  criteria: string,
  listen: { laddr: string; lport: string },
): { spec?: string; problem?: string } {
  const words = criteria.trim().split(/\s+/);
  const of = (kind: string) => {
    const i = words.findIndex((w) => w.toLowerCase() === kind);
    return i >= 0 ? words[i + 1] : undefined;
  };
  let user = sample(of('user'), 'root', 'name');
  const group = of('group')
    ?.split(',')
    .find((g) => g && !g.startsWith('!'));
  if (group) {
    const member = memberOf(group);
    if (!member)
      return { problem: `no local user belongs to group ${group}, so no connection can be built to test the block` };
    user = member;
  }
  const parts = [
    `user=${user}`,
    `host=${sample(of('host'), 'client.invalid', 'name')}`,
    `addr=${sample(of('address'), ANY_ADDRESS, 'addr')}`,
    `laddr=${sample(of('localaddress'), listen.laddr, 'addr')}`,
    `lport=${sample(of('localport'), listen.lport, 'name')}`,
  ];
  return { spec: parts.join(',') };
}

function listenOf(dump: string): { laddr: string; lport: string } {
  const lport = /^port (\d+)/m.exec(dump)?.[1] ?? '22';
  const addr = /^listenaddress (\S+)/m
    .exec(dump)?.[1]
    ?.replace(/:\d+$/, '')
    .replace(/^\[|\]$/g, '');
  return { laddr: addr && addr !== '0.0.0.0' && addr !== '::' ? addr : '127.0.0.1', lport };
}

/**
 * The effective configuration of the local sshd (`sshd -T`, with `-f` when a file is given) and,
 * for each Match block of that file, of one connection that satisfies the block (`sshd -T -C`).
 */
export async function effectiveSshd(scope: Scope, signal: AbortSignal, configFile?: string): Promise<CheckResult[]> {
  const file = configFile ?? SSHD_CONFIG;
  const dump = (args: string[]) =>
    runCommand({
      file: 'sshd',
      args: [...(configFile ? ['-f', configFile] : []), ...args],
      timeoutMs: 8_000,
      maxBytes: 1024 * 1024,
      signal,
    });
  const sshd = await dump(['-T']);
  if (!sshd.found) return [{ status: 'not-applicable', message: 'sshd is not installed on this machine' }];
  if (sshd.exitCode !== 0)
    return [{ status: 'error', message: `sshd -T failed: ${sshd.stderr.trim().slice(0, 200)}`, key: 'sshd' }];
  const global = auditSshd(sshd.stdout, { followIncludes: false }).findings;
  const results: CheckResult[] = global.map((f) => ({
    ...toResult(f, 'sshd -T', scope),
    locations: [],
    evidence: f.setting ? [{ label: 'sshd -T', value: f.setting }] : [],
    key: `sshd:${f.rule}:${f.key ?? ''}`,
  }));
  let text: string;
  try {
    text = readConfigText(file);
  } catch (e) {
    results.push({
      status: 'error',
      message: `its Match blocks cannot be tested: ${errorMessage(e)}`,
      key: 'match',
      result: 'match-override',
    });
    return results;
  }
  const listen = listenOf(sshd.stdout);
  for (const block of sshdMatchBlocks(text, file).slice(0, 64)) {
    const where = { file: block.file ?? file, line: block.line };
    const key = `match:${where.file}:${where.line ?? ''}`;
    const { spec, problem } = connectionSpec(block.criteria, listen);
    const run = spec ? await dump(['-T', '-C', spec]) : undefined;
    if (!spec || !run || run.exitCode !== 0) {
      results.push({
        status: 'error',
        message: `\`${block.raw}\` could not be tested: ${problem ?? run?.stderr.trim().slice(0, 200) ?? 'sshd -T -C failed'}`,
        locations: [where],
        key,
        result: 'match-override',
      });
      continue;
    }
    const under = auditSshd(run.stdout, { followIncludes: false }).findings;
    for (const f of worseUnderMatch(block, under, global, file))
      results.push({
        ...toResult(f, file, scope),
        locations: [where],
        evidence: [
          { label: 'connection tested', value: `sshd -T -C ${spec}` },
          ...(f.setting ? [{ label: f.rule === 'sshd.match-override' ? file : 'sshd -T -C', value: f.setting }] : []),
        ],
        key: `sshd:${f.rule}:${f.key ?? ''}`,
      });
  }
  return results;
}

export default defineCheck(
  {
    id: 'host.sshd-effective-config',
    title: 'Effective configuration of the local SSH server',
    description:
      'Runs `sshd -T` (a read-only dump of the configuration the daemon actually uses, includes and defaults resolved) and judges it with the same rules as configs.sshd; then, for each Match block of /etc/ssh/sshd_config, `sshd -T -C` with a connection that satisfies the block, reporting what the block re-enables (as enabled when it matches every address).',
    targetKinds: ['host'],
    severity: 'high',
    confidence: 'high',
    tags: ['host', 'ssh', 'local'],
    remediation: 'Apply the fix named in each finding to the file that sets it, then reload sshd.',
    references: ['https://man.openbsd.org/sshd#T'],
    level: 'passive',
    results: declareRules(SSHD_RULES),
  },
  async (ctx) => (isLocal(ctx.target) ? effectiveSshd(ctx.scope, ctx.signal) : REMOTE_ONLY),
);
