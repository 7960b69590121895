import { spawn } from 'node:child_process';

export interface CommandRequest {
  /** An executable name or absolute path; never a shell command line. */
  file: string;
  args?: string[];
  timeoutMs?: number;
  /** Bound on stdout and on stderr each; the rest is discarded and the process stopped. */
  maxBytes?: number;
  signal?: AbortSignal;
  env?: Record<string, string>;
}

export interface CommandResult {
  /** False when the executable does not exist here. */
  found: boolean;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  truncated: boolean;
  timedOut: boolean;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
const SAFE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * Runs one local read-only command (`sshd -T`, `ss -tlnpH`, `nft list ruleset`) without a shell,
 * with a fixed PATH and C locale so its output parses the same everywhere, bounded in time and
 * output. Arguments are passed as a vector, so nothing a target wrote can become a command.
 */
export function runCommand(req: CommandRequest): Promise<CommandResult> {
  const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = req.maxBytes ?? DEFAULT_MAX_BYTES;
  return new Promise((resolve) => {
    const child = spawn(req.file, req.args ?? [], {
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: SAFE_PATH, LC_ALL: 'C', LANG: 'C', ...(req.env ?? {}) },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outSize = 0;
    let errSize = 0;
    let truncated = false;
    let timedOut = false;
    let settled = false;
    const finish = (r: CommandResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    const collect = (chunks: Buffer[], size: number, chunk: Buffer): number => {
      if (size >= maxBytes) return size;
      const room = maxBytes - size;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        truncated = true;
        child.kill('SIGKILL');
        return maxBytes;
      }
      chunks.push(chunk);
      return size + chunk.length;
    };
    child.stdout.on('data', (c: Buffer) => (outSize = collect(out, outSize, c)));
    child.stderr.on('data', (c: Buffer) => (errSize = collect(err, errSize, c)));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const onAbort = () => child.kill('SIGKILL');
    req.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (e: NodeJS.ErrnoException) => {
      finish({
        found: e.code !== 'ENOENT',
        exitCode: null,
        stdout: '',
        stderr: e.message,
        truncated: false,
        timedOut: false,
      });
    });
    child.on('close', (code) => {
      finish({
        found: true,
        exitCode: code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        truncated,
        timedOut,
      });
    });
  });
}
