import { randomUUID, createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { errorMessage } from '../errors.js';
import type { Finding } from '../model.js';
import { RpcClient } from '../clients/rpc.js';
import { resolveCredential } from '../scope/credentials.js';
import type { Scope, Target } from '../scope/schema.js';
import type { Check, CheckContext, CheckResult, RunOptions } from '../checks/types.js';
import { rpcClientFor } from './node-clients.js';

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
  /** Applies to checks that do not set their own timeoutMs. */
  checkTimeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (e: ProgressEvent) => void;
  onMessage?: (checkId: string, targetId: string, message: string) => void;
}

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
  findings: Finding[];
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
  return {
    checkId: check.meta.id,
    targetId,
    status: r.status,
    severity: r.severity ?? check.meta.severity,
    confidence: r.confidence ?? check.meta.confidence,
    items: r.items ?? check.meta.items ?? [],
    title: r.title ?? check.meta.title,
    message: r.message,
    evidence: r.evidence ?? [],
    locations: r.locations ?? [],
    remediation: r.remediation ?? check.meta.remediation,
    fingerprint: fingerprint(check.meta.id, targetId, r.key),
    durationMs,
  };
}

class TimeoutError extends Error {}

async function runTask(
  task: Task,
  base: Omit<CheckContext, 'target' | 'group' | 'signal' | 'progress'>,
  req: AuditRequest,
): Promise<Finding[]> {
  const timeoutMs = task.check.meta.timeoutMs ?? req.checkTimeoutMs ?? 60_000;
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
  const tasks = planTasks(req.scope, allowed);
  const memos = new Map<string, Promise<unknown>>();
  const clients = new Map<string, RpcClient>();
  const base: Omit<CheckContext, 'target' | 'group' | 'signal' | 'progress'> = {
    scope: req.scope,
    options: req.options,
    rpc: (t) => {
      if (!t) throw new Error('rpc() needs a node target');
      let c = clients.get(t.id);
      if (!c) {
        c = rpcClientFor(t, req.scope.dir, req.signal);
        clients.set(t.id, c);
      }
      return c;
    },
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
  };

  const findings: Finding[] = [];
  let next = 0;
  let done = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(req.concurrency ?? 8, tasks.length)) }, async () => {
    while (next < tasks.length) {
      if (req.signal?.aborted) return;
      const task = tasks[next++];
      const out = await runTask(task, base, req);
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
  await Promise.all(workers);

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
    findings,
  };
}
