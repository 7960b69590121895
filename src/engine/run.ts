import { randomUUID, createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { errorMessage } from '../errors.js';
import type { Finding } from '../model.js';
import { RpcClient } from '../clients/rpc.js';
import { resolveCredential } from '../scope/credentials.js';
import type { Scope, Target } from '../scope/schema.js';
import type { Check, CheckContext, CheckMeta, CheckResult, RunOptions } from '../checks/types.js';
import { rpcClientFor } from './node-clients.js';
import { preflight, type Preflight } from './preflight.js';

/** What the engine itself reports about the audit: targets it could not reach or read. */
export const ENGINE_CHECKS: CheckMeta[] = [
  {
    id: 'target.unreachable',
    title: 'Target could not be reached',
    description:
      'Before any check runs, each node, host and web target is asked one question (a JSON-RPC call, a TCP connection). A target that does not answer, or answers something that is not its protocol, is reported once and none of its checks run: its items stay not assessed and the run is incomplete.',
    targetKinds: ['evm-node', 'bitcoin-node', 'host', 'web'],
    severity: 'high',
    confidence: 'high',
    tags: ['coverage'],
    remediation:
      'Check the address in the scope, that the service runs, and that this machine may reach it (firewall, allow-lists, credentials); then run the audit again.',
    references: [],
    level: 'passive',
  },
  {
    id: 'target.unreadable',
    title: 'Target path could not be read',
    description:
      'Each path a target names (configuration, contracts, logs, secrets, manifests, ledger files) must exist and be a readable file or folder. One that is missing, unreadable or a special file is reported once and none of its checks run: its items stay not assessed and the run is incomplete.',
    targetKinds: ['config', 'contracts', 'logs', 'secrets', 'kubernetes', 'ledger'],
    severity: 'high',
    confidence: 'high',
    tags: ['coverage'],
    remediation: 'Fix the path in the scope or the permissions of the file, then run the audit again.',
    references: [],
    level: 'passive',
  },
];

export interface ProgressEvent {
  done: number;
  total: number;
  checkId: string;
  targetId: string;
  findings: Finding[];
}

export interface AuditRequest {
  scope: Scope;
  checks: Check[];
  options: RunOptions;
  concurrency?: number;
  /** A bound the user set: it caps every check, those with a longer limit of their own included. */
  checkTimeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (e: ProgressEvent) => void;
  onMessage?: (checkId: string, targetId: string, message: string) => void;
  /** Called every few seconds while checks run, with what is still running and for how long. */
  onTick?: (running: { checkId: string; targetId: string; seconds: number }[], done: number, total: number) => void;
  /** Findings of the previous run of this scope, for checks that compare runs (CheckContext.previous). */
  previous?: (checkId: string, targetId: string) => Finding[];
}

const DEFAULT_CHECK_TIMEOUT_MS = 60_000;
const TICK_MS = 5_000;

export interface TargetSummary {
  id: string;
  kind: Target['kind'];
  name?: string;
  chain?: string;
}

export interface AuditRun {
  id: string;
  scopeName: string;
  scopeFile: string;
  startedAt: string;
  finishedAt: string;
  options: RunOptions;
  targets: TargetSummary[];
  /** Check ids that ran, and the ones held back by level with the reason. */
  checksRun: string[];
  checksHeldBack: { checkId: string; reason: string }[];
  /** (check, target) pairs planned for this scope, and how many of them ran. */
  tasks: number;
  ran: number;
  /** Planned pairs that did not run, or ran on part of their chain, and why. */
  notRun: { checkId: string; targetId: string; reason: string }[];
  /** Targets the preflight could not reach or read; none of their checks ran. */
  unreachable: { targetId: string; reason: string }[];
  findings: Finding[];
  /** Reports of other tools whose findings joined the run (`--import`, `chainaudit import`). */
  imports?: ImportRecord[];
}

/** One imported report: which tool, which file (name and SHA-256), how many findings it gave. */
export interface ImportRecord {
  /** The tool whose mapping the findings follow (a SARIF log of a known tool counts as that tool). */
  tool: string;
  /** The reader used. */
  format: string;
  file: string;
  sha256: string;
  bytes: number;
  toolVersion?: string;
  targetId: string;
  findings: number;
  importedAt: string;
}

interface Task {
  check: Check;
  target: Target;
  group: Target[];
  targetId: string;
}

export function fingerprint(checkId: string, targetId: string, key?: string): string {
  return createHash('sha256')
    .update(`${checkId}\0${targetId}\0${key ?? ''}`)
    .digest('hex')
    .slice(0, 16);
}

/** Lays out the (check, target) pairs: per target, or once per chain group for multi-node checks. */
function planTasks(scope: Scope, checks: Check[]): Task[] {
  const tasks: Task[] = [];
  for (const check of checks) {
    const kinds = new Set<string>(check.meta.targetKinds);
    const targets = scope.targets.filter((t) => kinds.has(t.kind));
    if (check.meta.granularity === 'chain') {
      const groups = new Map<string, Target[]>();
      for (const t of targets) {
        const key = t.chain ?? t.id;
        groups.set(key, [...(groups.get(key) ?? []), t]);
      }
      for (const [chain, group] of groups) tasks.push({ check, target: group[0], group, targetId: `chain:${chain}` });
    } else {
      for (const t of targets) tasks.push({ check, target: t, group: [t], targetId: t.id });
    }
  }
  return tasks;
}

export function complete(check: Check, targetId: string, r: CheckResult, durationMs?: number): Finding {
  const declared = check.meta.results;
  if (r.result !== undefined && !declared?.[r.result]) {
    return complete(check, targetId, {
      status: 'error',
      message: `internal: the check returned sub-result "${r.result}", which it does not declare`,
      key: r.key,
    });
  }
  const sub = r.result !== undefined ? declared?.[r.result] : undefined;
  return {
    checkId: check.meta.id,
    targetId,
    status: r.status,
    severity: r.severity ?? sub?.severity ?? check.meta.severity,
    confidence: r.confidence ?? check.meta.confidence,
    ...(r.result !== undefined ? { result: r.result } : {}),
    items: [],
    title: r.title ?? sub?.title ?? check.meta.title,
    message: r.message,
    evidence: r.evidence ?? [],
    locations: r.locations ?? [],
    ...(r.related?.length ? { related: r.related } : {}),
    remediation: r.remediation ?? sub?.remediation ?? check.meta.remediation,
    fingerprint: fingerprint(check.meta.id, targetId, r.key),
    durationMs,
  };
}

function engineFinding(id: string, targetId: string, p: Exclude<Preflight, { reachable: true }>): Finding {
  const meta = ENGINE_CHECKS.find((c) => c.id === id)!;
  return {
    checkId: id,
    targetId,
    status: 'error',
    severity: meta.severity,
    confidence: meta.confidence,
    items: [],
    title: meta.title,
    message: `${p.reason}; its checks were not run`,
    evidence: p.evidence,
    locations: [],
    remediation: meta.remediation,
    fingerprint: fingerprint(id, targetId),
  };
}

class TimeoutError extends Error {}

async function runTask(
  task: Task,
  base: Omit<CheckContext, 'target' | 'group' | 'signal' | 'progress'>,
  req: AuditRequest,
): Promise<Finding[]> {
  const own = task.check.meta.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const timeoutMs = req.checkTimeoutMs ? Math.min(own, req.checkTimeoutMs) : own;
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort();
  req.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const ctx: CheckContext = {
      ...base,
      target: task.target,
      group: task.group,
      signal: controller.signal,
      progress: (m) => req.onMessage?.(task.check.meta.id, task.targetId, m),
    };
    const results = await Promise.race([
      task.check.run(ctx),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller.abort();
          reject(new TimeoutError(`timed out after ${timeoutMs} ms`));
        }, timeoutMs);
      }),
    ]);
    const ms = Math.round(performance.now() - started);
    return results.map((r) => complete(task.check, task.targetId, r, ms));
  } catch (err) {
    const ms = Math.round(performance.now() - started);
    return [
      complete(
        task.check,
        task.targetId,
        {
          status: 'error',
          message: `the check could not complete: ${errorMessage(err)}`,
          key: 'error',
        },
        ms,
      ),
    ];
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', onOuterAbort);
  }
}

/**
 * Runs every applicable check over the scope with bounded concurrency. A check that throws or
 * overruns its time becomes one `error` finding; the run always completes.
 */
export async function runAudit(req: AuditRequest): Promise<AuditRun> {
  const startedAt = new Date().toISOString();
  const heldBack: AuditRun['checksHeldBack'] = [];
  const allowed = req.checks.filter((c) => {
    if (c.meta.level === 'intrusive' && !req.options.intrusive) {
      heldBack.push({ checkId: c.meta.id, reason: 'intrusive: enable with --intrusive' });
      return false;
    }
    if (c.meta.level === 'active' && !req.options.active) {
      heldBack.push({ checkId: c.meta.id, reason: 'active: enable with --active' });
      return false;
    }
    return true;
  });
  const planned = planTasks(req.scope, allowed);
  const memos = new Map<string, Promise<unknown>>();
  const clients = new Map<string, RpcClient>();
  const rpc = (t: Parameters<CheckContext['rpc']>[0]): RpcClient => {
    if (!t) throw new Error('rpc() needs a node target');
    let c = clients.get(t.id);
    if (!c) {
      c = rpcClientFor(t, req.scope.dir, req.signal);
      clients.set(t.id, c);
    }
    return c;
  };
  const base: Omit<CheckContext, 'target' | 'group' | 'signal' | 'progress'> = {
    scope: req.scope,
    options: req.options,
    rpc,
    memo: <V>(key: string, compute: () => Promise<V>): Promise<V> => {
      let p = memos.get(key) as Promise<V> | undefined;
      if (!p) {
        p = compute();
        memos.set(key, p);
      }
      return p;
    },
    credential: (ref) => resolveCredential(ref, req.scope.dir),
    path: (p) => resolve(req.scope.dir, p),
    previous: (checkId, targetId) => req.previous?.(checkId, targetId) ?? [],
  };

  const findings: Finding[] = [];
  const unreachable: AuditRun['unreachable'] = [];
  const notRun: AuditRun['notRun'] = [];
  const preflightSignal = req.signal ?? new AbortController().signal;
  const inScope = new Set(planned.flatMap((t) => t.group.map((g) => g.id)));
  const checked = await Promise.all(
    req.scope.targets
      .filter((t) => inScope.has(t.id))
      .map(async (t) => ({ t, p: await preflight(t, { scopeDir: req.scope.dir, signal: preflightSignal, rpc }) })),
  );
  const down = new Set<string>();
  for (const { t, p } of checked) {
    if (p.reachable) continue;
    down.add(t.id);
    unreachable.push({ targetId: t.id, reason: p.reason });
    const id = ENGINE_CHECKS[0].targetKinds.includes(t.kind) ? 'target.unreachable' : 'target.unreadable';
    findings.push(engineFinding(id, t.id, p));
  }
  const tasks: Task[] = [];
  for (const task of planned) {
    const missing = task.group.filter((g) => down.has(g.id));
    if (missing.length === 0) {
      tasks.push(task);
      continue;
    }
    const reachable = task.group.filter((g) => !down.has(g.id));
    const why = `${missing.map((m) => m.id).join(', ')} could not be reached or read`;
    if (task.check.meta.granularity === 'chain' && reachable.length > 0) {
      notRun.push({
        checkId: task.check.meta.id,
        targetId: task.targetId,
        reason: `${why}: ran on ${reachable.length} of ${task.group.length} nodes`,
      });
      tasks.push({ ...task, target: reachable[0], group: reachable });
    } else notRun.push({ checkId: task.check.meta.id, targetId: task.targetId, reason: why });
  }

  let next = 0;
  let done = 0;
  const running = new Map<Task, number>();
  const ticker = req.onTick
    ? setInterval(() => {
        const now = performance.now();
        req.onTick!(
          [...running].map(([t, since]) => ({
            checkId: t.check.meta.id,
            targetId: t.targetId,
            seconds: Math.round((now - since) / 1000),
          })),
          done,
          tasks.length,
        );
      }, TICK_MS)
    : undefined;
  const workers = Array.from({ length: Math.max(1, Math.min(req.concurrency ?? 8, tasks.length)) }, async () => {
    while (next < tasks.length) {
      if (req.signal?.aborted) return;
      const task = tasks[next++];
      running.set(task, performance.now());
      const out = await runTask(task, base, req);
      running.delete(task);
      findings.push(...out);
      done++;
      req.onProgress?.({
        done,
        total: tasks.length,
        checkId: task.check.meta.id,
        targetId: task.targetId,
        findings: out,
      });
    }
  });
  try {
    await Promise.all(workers);
  } finally {
    clearInterval(ticker);
  }

  const order = new Map(tasks.map((t, i) => [`${t.check.meta.id}\0${t.targetId}`, i]));
  findings.sort(
    (a, b) => (order.get(`${a.checkId}\0${a.targetId}`) ?? 0) - (order.get(`${b.checkId}\0${b.targetId}`) ?? 0),
  );

  return {
    id: `${startedAt.replace(/[-:]/g, '').replace(/\..*/, '')}-${randomUUID().slice(0, 8)}`,
    scopeName: req.scope.name,
    scopeFile: req.scope.file,
    startedAt,
    finishedAt: new Date().toISOString(),
    options: req.options,
    targets: req.scope.targets.map((t) => ({ id: t.id, kind: t.kind, name: t.name, chain: t.chain })),
    checksRun: [...new Set(tasks.map((t) => t.check.meta.id))],
    checksHeldBack: heldBack,
    tasks: planned.length,
    ran: done,
    notRun,
    unreachable,
    findings,
  };
}
