import { hostname } from 'node:os';
import type { Assessment } from '../assess/assess.js';
import { InputError, errorMessage } from '../errors.js';
import { executeClaim } from '../server/monitoring/execute.js';
import type { Claim } from '../server/queue/jobs.js';

/**
 * `chainaudit worker`: asks the server for jobs over outbound HTTP(S) only (a worker inside another
 * organisation's network needs no open port), runs them with this machine's view of the network
 * and its credentials, keeps its lease alive with heartbeats, and uploads the report. An upload is
 * idempotent, so a worker retries it freely; several server URLs are tried in turn.
 */
export interface WorkerOptions {
  servers: string[];
  token: string;
  name: string;
  labels: Record<string, string>;
  /** Jobs at once. */
  jobs: number;
  pollMs: number;
  checkConcurrency: number;
  version: string;
  log(line: string): void;
  signal: AbortSignal;
  /** How a claimed job is run; default: audit the job's scope here (benchmarks replay recorded runs). */
  execute?: (claim: Claim, signal: AbortSignal, checkConcurrency: number) => Promise<Assessment>;
}

const CALL_TIMEOUT_MS = 30_000;
const UPLOAD_TIMEOUT_MS = 120_000;
/** How long a finished job's upload is retried through server and network trouble. */
const UPLOAD_PATIENCE_MS = 10 * 60_000;
const MAX_ANSWER = 16 * 1024 * 1024;

/** Only HTTPS leaves the machine; plain HTTP is for loopback, or test networks when asked for. */
export function checkServerUrl(raw: string, allowHttp: boolean): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new InputError(`--server ${raw}: not a URL (expected https://host[:port])`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname) || u.hostname.startsWith('127.');
  if (u.protocol === 'http:' && !loopback && !allowHttp)
    throw new InputError(
      `--server ${raw}: plain http outside this machine; use https (or --allow-http on a test network)`,
    );
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new InputError(`--server ${raw}: expected https://`);
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

export const defaultWorkerName = () => `${hostname()}-${process.pid}`;

class HttpAnswer {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {}
}

class Unreachable extends Error {}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const wake = () => {
      clearTimeout(t);
      resolve();
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', wake);
      resolve();
    }, ms);
    signal?.addEventListener('abort', wake, { once: true });
  });

export class Worker {
  private current = 0;

  constructor(readonly o: WorkerOptions) {}

  /** One call, to the servers in turn until one answers; an answer of any status is returned. */
  private async call(path: string, body: unknown, extra: Record<string, string> = {}, timeoutMs = CALL_TIMEOUT_MS) {
    const errors: string[] = [];
    for (let i = 0; i < this.o.servers.length; i++) {
      const base = this.o.servers[(this.current + i) % this.o.servers.length];
      try {
        const res = await fetch(`${base}/api/v1${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${this.o.token}`, 'content-type': 'application/json', ...extra },
          body: typeof body === 'string' ? body : JSON.stringify(body),
          redirect: 'error',
          signal: AbortSignal.timeout(timeoutMs),
        });
        const text = (await res.text()).slice(0, MAX_ANSWER);
        let parsed: Record<string, unknown> = {};
        try {
          parsed = JSON.parse(text) as Record<string, unknown>;
        } catch {
          parsed = { error: text.slice(0, 200) };
        }
        // A server whose database is away answers 5xx: the next one may do better.
        if (res.status >= 500) {
          errors.push(`${base}: ${res.status} ${String(parsed.error ?? '')}`);
          continue;
        }
        this.current = (this.current + i) % this.o.servers.length;
        return new HttpAnswer(res.status, parsed);
      } catch (err) {
        errors.push(`${base}: ${errorMessage((err as Error).cause ?? err)}`);
      }
    }
    throw new Unreachable(errors.join('; '));
  }

  async run(): Promise<void> {
    const loops = Array.from({ length: this.o.jobs }, (_, i) => this.loop(i));
    await Promise.all(loops);
  }

  private async loop(slot: number): Promise<void> {
    let backoff = this.o.pollMs;
    while (!this.o.signal.aborted) {
      let answer: HttpAnswer;
      try {
        answer = await this.call('/worker/claim', {
          name: this.o.jobs > 1 ? `${this.o.name}.${slot}` : this.o.name,
          labels: this.o.labels,
          version: this.o.version,
        });
      } catch (err) {
        this.o.log(`no server answered: ${errorMessage(err)}`);
        await sleep(backoff, this.o.signal);
        backoff = Math.min(backoff * 2, 15_000);
        continue;
      }
      backoff = this.o.pollMs;
      if (answer.status === 401 || answer.status === 403)
        throw new InputError(`the server refused this worker (${answer.status}): ${String(answer.body.error)}`);
      if (answer.status !== 200 || !answer.body.jobId) {
        if (answer.status !== 200) this.o.log(`claim answered ${answer.status}: ${String(answer.body.error ?? '')}`);
        await sleep(this.o.pollMs, this.o.signal);
        continue;
      }
      await this.runJob(answer.body as unknown as Claim);
    }
  }

  private async runJob(claim: Claim): Promise<void> {
    const log = this.o.log;
    log(`claimed job ${claim.jobId} (${claim.kind}, attempt ${claim.attempt}, project ${claim.projectId})`);
    const lost = new AbortController();
    const signal = AbortSignal.any([lost.signal, this.o.signal]);
    const beat = setInterval(
      () => {
        this.call(`/worker/jobs/${claim.jobId}/heartbeat`, { token: claim.token })
          .then((a) => {
            if (a.status === 409) {
              log(`job ${claim.jobId}: lease lost (${String(a.body.error)})`);
              lost.abort();
            }
          })
          .catch(() => undefined);
      },
      (claim.leaseSeconds * 1000) / 3,
    );
    try {
      let report: string;
      try {
        const a = await (this.o.execute ?? executeClaim)(claim, signal, this.o.checkConcurrency);
        a.run.scopeName = claim.scopeName;
        report = JSON.stringify(a);
      } catch (err) {
        if (lost.signal.aborted) return;
        const reason = this.o.signal.aborted ? `worker ${this.o.name} stopped` : errorMessage(err);
        log(`job ${claim.jobId} failed: ${reason}`);
        await this.call(`/worker/jobs/${claim.jobId}/fail`, { token: claim.token, reason }).catch(() => undefined);
        return;
      }
      if (signal.aborted) return;
      await this.upload(claim, report);
    } finally {
      clearInterval(beat);
    }
  }

  private async upload(claim: Claim, report: string): Promise<void> {
    const deadline = Date.now() + UPLOAD_PATIENCE_MS;
    let wait = 1_000;
    for (;;) {
      try {
        const a = await this.call(
          `/worker/jobs/${claim.jobId}/result`,
          report,
          { 'x-lease-token': claim.token },
          UPLOAD_TIMEOUT_MS,
        );
        if (a.status === 200 || a.status === 201) {
          this.o.log(
            `job ${claim.jobId} done: run ${String(a.body.runId)}${a.body.duplicate ? ' (already stored)' : ''}, ${String(a.body.created)} new findings`,
          );
          return;
        }
        if (a.status === 409) {
          this.o.log(`job ${claim.jobId}: result refused, lease lost (${String(a.body.error)})`);
          return;
        }
        this.o.log(`job ${claim.jobId}: result refused ${a.status}: ${String(a.body.error)}`);
        await this.call(`/worker/jobs/${claim.jobId}/fail`, {
          token: claim.token,
          reason: `result refused: ${String(a.body.error).slice(0, 500)}`,
        }).catch(() => undefined);
        return;
      } catch (err) {
        if (Date.now() > deadline || this.o.signal.aborted) {
          this.o.log(`job ${claim.jobId}: gave up uploading: ${errorMessage(err)}`);
          return;
        }
        this.o.log(`job ${claim.jobId}: upload failed, retrying: ${errorMessage(err)}`);
        await sleep(wait, this.o.signal);
        wait = Math.min(wait * 2, 10_000);
      }
    }
  }
}
