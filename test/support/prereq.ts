import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Tests that need real software call this first. Outside CI a missing prerequisite skips the
 * suite with its reason printed; under CI=true it fails, so nothing is ever skipped silently.
 */
export function prerequisite(name: string, available: boolean, hint: string): boolean {
  if (available) return true;
  const msg = `prerequisite missing: ${name} (${hint})`;
  if (process.env.CI === 'true') throw new Error(msg);
  console.warn(`SKIPPED: ${msg}`);
  return false;
}

export function hasBinary(bin: string): boolean {
  if (bin.includes('/')) return existsSync(bin);
  try {
    execFileSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
