import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const bin = new URL('../../bin/chainaudit.js', import.meta.url).pathname;

/** The CLI as users run it (bin/ over dist/): `npm run build` first; CI builds before testing. */
export const builtCli = existsSync(new URL('../../dist/cli/main.js', import.meta.url));

export interface BuiltRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Set when the process had to be killed because it outlived `limitMs`. */
  killed: boolean;
}

export interface BuiltOptions {
  /** Kill the process (SIGKILL) after this long: a hang fails the test instead of stalling it. */
  limitMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Called as stdout arrives; may close the pipe to play a reader that goes away. */
  onStdout?: (text: string, close: () => void) => void;
  /** A wrapper command line (e.g. `script` for a terminal); the CLI's argv is appended. */
  wrap?: (argv: string[]) => [string, string[]];
}

/** Runs the built CLI in a child process with captured output. */
export function runBuilt(args: string[], o: BuiltOptions = {}): Promise<BuiltRun> {
  const argv = [process.execPath, bin, ...args];
  const [cmd, cmdArgs] = o.wrap ? o.wrap(argv) : [argv[0], argv.slice(1)];
  const child = spawn(cmd, cmdArgs, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...o.env } });
  let stdout = '';
  let stderr = '';
  let killed = false;
  const close = () => child.stdout.destroy();
  // decoded as a stream: a character split across two chunks stays whole
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (d: string) => {
    stdout += d;
    o.onStdout?.(stdout, close);
  });
  child.stderr.on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, o.limitMs ?? 45_000);
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, killed });
    }),
  );
}

/** A stack trace line, as Node prints them. */
export const STACK_LINE = /^\s+at .+\(?.+:\d+:\d+\)?$/m;
