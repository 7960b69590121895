import { main } from '../../src/cli/main.js';
import type { CliEnv } from '../../src/cli/env.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output, as a user would call it. */
export async function runCli(args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const env: CliEnv = {
    out: (t) => (stdout += t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => (stderr += t.endsWith('\n') ? t : `${t}\n`),
    progress: () => undefined,
    setExitCode: () => undefined,
    lang: 'en',
    isTTY: false,
  };
  const code = await main(['node', 'chainaudit', ...args], env);
  return { code, stdout, stderr };
}
