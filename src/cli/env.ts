import type { Lang } from '../model.js';

/** What a command needs from the terminal; tests pass their own to capture output. */
export interface CliEnv {
  /** Results: stdout. */
  out(text: string): void;
  /** Diagnostics and summaries meant for a person: stderr. */
  err(text: string): void;
  /** A transient progress line on stderr (only drawn when stderr is a terminal, otherwise throttled lines). */
  progress(text: string): void;
  setExitCode(code: number): void;
  lang: Lang;
  isTTY: boolean;
}

let streamsGuarded = false;
let stderrOpen = true;

/**
 * A reader that goes away (`chainaudit catalog | head`) closes the pipe: the rest of the output has
 * no one to read it, so the process ends quietly instead of dying on an unhandled EPIPE. A closed
 * stderr only silences diagnostics; the run goes on and still writes its reports.
 */
function guardStreams(): void {
  if (streamsGuarded) return;
  streamsGuarded = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && stderrOpen)
      process.stderr.write(`chainaudit: cannot write the output: ${err.message}\n`);
    process.exit(err.code === 'EPIPE' ? Number(process.exitCode ?? 0) : 3);
  });
  process.stderr.on('error', () => {
    stderrOpen = false;
  });
}

export function processEnv(): CliEnv {
  guardStreams();
  const isTTY = Boolean(process.stderr.isTTY);
  let lastLine = 0;
  let drawn = false;
  const write = (t: string) => {
    if (stderrOpen) process.stderr.write(t);
  };
  return {
    out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => {
      if (drawn) {
        write('\r\x1b[K');
        drawn = false;
      }
      write(t.endsWith('\n') ? t : `${t}\n`);
    },
    progress: (t) => {
      if (isTTY) {
        // a pseudo-terminal that was never sized reports 0 columns
        const width = Math.max(20, (process.stderr.columns || 100) - 1);
        write(`\r\x1b[K${t.slice(0, width)}`);
        drawn = true;
      } else if (Date.now() - lastLine > 2000) {
        lastLine = Date.now();
        write(`${t}\n`);
      }
    },
    setExitCode: (c) => {
      process.exitCode = Math.max(Number(process.exitCode ?? 0), c);
    },
    lang: (process.env.CHAINAUDIT_LANG === 'zh' ? 'zh' : 'en') as Lang,
    isTTY,
  };
}
