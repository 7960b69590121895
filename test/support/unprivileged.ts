import { spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hasBinary, prerequisite } from './prereq.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const NOBODY = 65534;

export interface ChildResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Permission bits only stop an unprivileged user: root reads a mode-000 file. Tests of unreadable
 * inputs run their code in a fresh Node process as `nobody` (through setpriv when the suite runs as
 * root), importing the TypeScript sources through tsx. Returns undefined when setpriv is missing
 * outside CI (the prerequisite rule).
 */
export function runUnprivileged(moduleCode: string, timeoutMs = 60_000): ChildResult | undefined {
  const node = [process.execPath, '--import', 'tsx', '--input-type=module', '-e', moduleCode];
  const asRoot = process.getuid?.() === 0;
  if (asRoot && !prerequisite('setpriv', hasBinary('setpriv'), 'apt-get install util-linux')) return undefined;
  const [file, ...args] = asRoot
    ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--', ...node]
    : node;
  const r = spawnSync(file, args, { cwd: repo, encoding: 'utf8', timeout: timeoutMs });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Lets the unprivileged user reach into a folder made by mkdtemp (mode 700). */
export function openToOthers(dir: string): void {
  chmodSync(dir, 0o755);
}

/** Absolute file URL of a source module, for `import` in code run by runUnprivileged. */
export function sourceUrl(relative: string): string {
  return new URL(`../../${relative}`, import.meta.url).href;
}
