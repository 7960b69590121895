import { readdirSync, readFileSync } from 'node:fs';
import type { TargetOf } from '../../scope/schema.js';
import type { CheckResult } from '../types.js';

export type HostTarget = TargetOf<'host'>;

export const isLocal = (t: HostTarget) => t.address === 'local';

export const REMOTE_ONLY: CheckResult[] = [
  { status: 'not-applicable', message: 'local host audit: only for a host target with `address: local`' },
];

/** Reads a small local file, or undefined when absent or unreadable. */
export function readSmall(path: string, max = 1024 * 1024): string | undefined {
  try {
    const buf = readFileSync(path);
    return buf.subarray(0, max).toString('utf8');
  } catch {
    return undefined;
  }
}

export function listDir(path: string): string[] {
  try {
    return readdirSync(path).sort();
  } catch {
    return [];
  }
}

export interface ProcessInfo {
  pid: number;
  comm: string;
  uid: number;
  exe: string;
  args: string[];
}

/** Every process visible in /proc with its real UID and argv (bounded). */
export function processes(limit = 20_000): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const d of listDir('/proc')) {
    if (!/^\d+$/.test(d) || out.length >= limit) continue;
    const status = readSmall(`/proc/${d}/status`, 8192);
    if (!status) continue;
    const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1] ?? -1);
    const comm = (/^Name:\s+(.*)$/m.exec(status)?.[1] ?? '').trim();
    const args = (readSmall(`/proc/${d}/cmdline`, 8192) ?? '').split('\0').filter(Boolean);
    out.push({ pid: Number(d), comm, uid, exe: args[0] ?? '', args });
  }
  return out;
}
