import { createReadStream, lstatSync, readdirSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface LogLine {
  file: string;
  line: number;
  text: string;
}

export interface LogReadLimits {
  /** Bytes read across all files; the rest is reported as skipped, not silently dropped. */
  maxBytes: number;
  maxFiles: number;
  /** A longer line is cut: log lines from a hostile peer can be arbitrarily long. */
  maxLineChars: number;
  signal?: AbortSignal;
}

export const DEFAULT_LOG_LIMITS: LogReadLimits = { maxBytes: 512 * 1024 * 1024, maxFiles: 2000, maxLineChars: 8192 };

export interface LogFile {
  path: string;
  size: number;
  mode: number;
  mtimeMs: number;
}

const LOG_NAME = /(\.log(\.\d+)?|\.out|\.txt|debug\.log|messages|syslog|journal\.txt)$/i;

/** The log files of a path: the file itself, or the log-like files below a folder (no symlinks followed). */
export function listLogFiles(
  path: string,
  limits: LogReadLimits = DEFAULT_LOG_LIMITS,
): { files: LogFile[]; skipped: string[] } {
  const files: LogFile[] = [];
  const skipped: string[] = [];
  const visit = (p: string, depth: number, explicit: boolean) => {
    let st: Stats;
    try {
      st = lstatSync(p);
    } catch {
      skipped.push(`${p}: cannot be read`);
      return;
    }
    if (st.isSymbolicLink()) return void skipped.push(`${p}: symbolic link not followed`);
    if (st.isDirectory()) {
      if (depth > 6) return void skipped.push(`${p}: deeper than 6 folders`);
      for (const name of readdirSync(p).sort()) visit(join(p, name), depth + 1, false);
      return;
    }
    if (!st.isFile() || (!explicit && !LOG_NAME.test(p))) return;
    if (files.length >= limits.maxFiles) return void skipped.push(`${p}: more than ${limits.maxFiles} files`);
    files.push({ path: p, size: st.size, mode: st.mode, mtimeMs: st.mtimeMs });
  };
  visit(path, 0, true);
  return { files, skipped };
}

/** Streams lines of the given files within the limits; stops cleanly when a limit is reached. */
export async function* readLogLines(
  files: LogFile[],
  limits: LogReadLimits = DEFAULT_LOG_LIMITS,
): AsyncGenerator<LogLine> {
  let budget = limits.maxBytes;
  for (const f of files) {
    if (budget <= 0 || limits.signal?.aborted) return;
    const stream = createReadStream(f.path, { encoding: 'utf8', start: 0, end: Math.min(f.size, budget) - 1 });
    budget -= f.size;
    const rl = createInterface({ input: stream, crlfDelay: Infinity });
    let n = 0;
    try {
      for await (const raw of rl) {
        n++;
        if (limits.signal?.aborted) return;
        yield {
          file: f.path,
          line: n,
          text: raw.length > limits.maxLineChars ? raw.slice(0, limits.maxLineChars) : raw,
        };
      }
    } finally {
      rl.close();
      stream.destroy();
    }
  }
}
