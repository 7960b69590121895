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

export function processEnv(): CliEnv {
  const isTTY = Boolean(process.stderr.isTTY);
  let lastLine = 0;
  let drawn = false;
  return {
    out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => {
      if (drawn) {
        process.stderr.write('\r\x1b[K');
        drawn = false;
      }
      process.stderr.write(t.endsWith('\n') ? t : `${t}\n`);
    },
    progress: (t) => {
      if (isTTY) {
        const width = Math.max(20, (process.stderr.columns ?? 100) - 1);
        process.stderr.write(`\r\x1b[K${t.slice(0, width)}`);
        drawn = true;
      } else if (Date.now() - lastLine > 2000) {
        lastLine = Date.now();
        process.stderr.write(`${t}\n`);
      }
    },
    setExitCode: (c) => {
      process.exitCode = Math.max(Number(process.exitCode ?? 0), c);
    },
    lang: (process.env.CHAINAUDIT_LANG === 'zh' ? 'zh' : 'en') as Lang,
    isTTY,
  };
}
