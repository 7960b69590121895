import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError, errorMessage } from '../errors.js';

function reasonOf(err: unknown, creating: boolean): string {
  const code = (err as NodeJS.ErrnoException).code;
  // mkdir answers ENOENT where the parent exists but takes no new entries (/proc, /sys)
  if (code === 'ENOENT') return creating ? 'the file system does not allow creating it' : 'no such folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'read-only file system';
  if (code === 'ENOTDIR') return 'a part of the path is not a folder';
  if (code === 'ENOSPC') return 'no space left on the device';
  return errorMessage(err);
}

/**
 * Creates a folder and its missing parents, one level at a time. Node's recursive mkdirSync spins
 * forever on paths it cannot create whose parent exists (e.g. under /proc), deaf to signals, so it
 * is never used here: every failure is an InputError naming the path the user gave.
 */
export function ensureDir(dir: string, what = 'the folder'): string {
  const abs = resolve(dir);
  const fail = (p: string, reason: string) =>
    new InputError(`cannot create ${what} ${dir}: ${p === abs ? '' : `${p}: `}${reason}`);
  const missing: string[] = [];
  for (let p = abs; ;) {
    const st = (() => {
      try {
        return statSync(p);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(p) === p) throw fail(p, reasonOf(err, false));
        return undefined;
      }
    })();
    if (st?.isDirectory()) break;
    if (st) throw fail(p, 'exists and is not a folder');
    missing.push(p);
    p = dirname(p);
  }
  for (const p of missing.reverse()) {
    try {
      mkdirSync(p);
    } catch (err) {
      const raced =
        (err as NodeJS.ErrnoException).code === 'EEXIST' && statSync(p, { throwIfNoEntry: false })?.isDirectory();
      if (!raced) throw fail(p, reasonOf(err, true));
    }
  }
  return abs;
}
