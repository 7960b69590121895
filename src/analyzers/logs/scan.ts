import { maskSecret } from '../../mask.js';
import { LineClassifier, type ErrorFunction } from './classify.js';
import { DEFAULT_LOG_LIMITS, listLogFiles, readLogLines, type LogFile, type LogReadLimits } from './read.js';

export interface Example {
  file: string;
  line: number;
  text: string;
}

export interface LogSummary {
  files: LogFile[];
  skipped: string[];
  lines: number;
  timestamped: number;
  earliest?: number;
  latest?: number;
  errors: Map<string, { count: number; functions: Map<string, number>; examples: Example[] }>;
  authFailures: Map<string, { count: number; examples: Example[] }>;
  crashes: (Example & { kind: string })[];
  secrets: (Example & { kind: string })[];
  untimestampedExamples: Example[];
}

const EXAMPLES = 3;
const MAX_LISTED = 50;
const SHOWN_CHARS = 300;

function shown(text: string): string {
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text;
}

/** One pass over a log path: timestamps, error classes, failed logins, crashes and logged secrets (masked). */
export async function scanLogs(
  path: string,
  functions: ErrorFunction[],
  limits: LogReadLimits = DEFAULT_LOG_LIMITS,
): Promise<LogSummary> {
  const { files, skipped } = listLogFiles(path, limits);
  const classifier = new LineClassifier(functions);
  const s: LogSummary = {
    files,
    skipped,
    lines: 0,
    timestamped: 0,
    errors: new Map(),
    authFailures: new Map(),
    crashes: [],
    secrets: [],
    untimestampedExamples: [],
  };
  const totalBytes = files.reduce((n, f) => n + f.size, 0);
  if (totalBytes > limits.maxBytes) skipped.push(`only the first ${limits.maxBytes} of ${totalBytes} bytes were read`);
  for await (const l of readLogLines(files, limits)) {
    if (l.text.trim() === '') continue;
    s.lines++;
    const f = classifier.classify(l.text);
    if (f.timestamp !== undefined) {
      s.timestamped++;
      s.earliest = Math.min(s.earliest ?? f.timestamp, f.timestamp);
      s.latest = Math.max(s.latest ?? f.timestamp, f.timestamp);
    } else if (s.untimestampedExamples.length < EXAMPLES && !/^\s/.test(l.text)) {
      s.untimestampedExamples.push({ file: l.file, line: l.line, text: shown(l.text) });
    }
    if (f.secret) {
      const masked = `${l.text.slice(0, f.secret.start)}${maskSecret(l.text.slice(f.secret.start, f.secret.end))}${l.text.slice(f.secret.end)}`;
      if (s.secrets.length < MAX_LISTED)
        s.secrets.push({ file: l.file, line: l.line, text: shown(masked), kind: f.secret.kind });
      continue; // a line holding a secret is never quoted elsewhere
    }
    if (f.errorClass) {
      const e = s.errors.get(f.errorClass) ?? {
        count: 0,
        functions: new Map<string, number>(),
        examples: [] as Example[],
      };
      e.count++;
      if (f.errorFunction) e.functions.set(f.errorFunction, (e.functions.get(f.errorFunction) ?? 0) + 1);
      if (e.examples.length < EXAMPLES) e.examples.push({ file: l.file, line: l.line, text: shown(l.text) });
      s.errors.set(f.errorClass, e);
    }
    if (f.authFailureFrom) {
      const a = s.authFailures.get(f.authFailureFrom) ?? { count: 0, examples: [] as Example[] };
      a.count++;
      if (a.examples.length < EXAMPLES) a.examples.push({ file: l.file, line: l.line, text: shown(l.text) });
      s.authFailures.set(f.authFailureFrom, a);
    }
    if (f.crash && s.crashes.length < MAX_LISTED)
      s.crashes.push({ file: l.file, line: l.line, text: shown(l.text), kind: f.crash });
  }
  return s;
}
