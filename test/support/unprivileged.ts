import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { hasBinary, prerequisite } from './prereq.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Permission bits do not stop root: its CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH read a mode-000
 * file. Tests of unreadable inputs run their code in a fresh Node process (importing the TypeScript
 * sources through tsx) without those two capabilities when the suite runs as root (setpriv drops
 * them from the bounding set), so a mode-000 file or folder is unreadable to it as to any user,
 * while the checkout stays readable wherever it lies. Returns undefined when setpriv is missing
 * outside CI (the prerequisite rule).
 */
export function runUnprivileged(moduleCode: string, timeoutMs = 60_000): ChildResult | undefined {
  const node = [process.execPath, '--import', 'tsx', '--input-type=module', '-e', moduleCode];
  const asRoot = process.getuid?.() === 0;
  if (asRoot && !prerequisite('setpriv', hasBinary('setpriv'), 'apt-get install util-linux')) return undefined;
  const [file, ...args] = asRoot
    ? ['setpriv', '--bounding-set', '-dac_override,-dac_read_search', '--', ...node]
    : node;
  const r = spawnSync(file, args, { cwd: repo, encoding: 'utf8', timeout: timeoutMs });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Absolute file URL of a source module, for `import` in code run by runUnprivileged. */
export function sourceUrl(relative: string): string {
  return new URL(`../../${relative}`, import.meta.url).href;
}
