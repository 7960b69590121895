/** A word of a container's command line and where it was written. */
export interface Word {
  text: string;
  line?: number;
}

const SHELLS = /^(\/(usr\/)?bin\/)?(sh|bash|ash|dash|zsh)$/;
const SHELL_OPERATORS = new Set(['&&', '||', ';', '|', '&']);
const MAX_SCRIPT = 64 * 1024;

/**
 * Splits a shell script into words (quotes respected, `\`-newline joined, nothing expanded or run),
 * each with its line: `baseLine` is the line the script text starts on.
 */
export function shellWords(script: string, baseLine?: number): Word[] {
  const out: Word[] = [];
  const s = script.slice(0, MAX_SCRIPT);
  let i = 0;
  let line = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && s[i + 1] === '\n') {
      line++;
      i += 2;
      continue;
    }
    if (c === '#') {
      while (i < s.length && s[i] !== '\n') i++;
      continue;
    }
    const startLine = line;
    let w = '';
    while (i < s.length && !/[\s]/.test(s[i])) {
      const ch = s[i];
      if (ch === "'") {
        const end = s.indexOf("'", i + 1);
        const part = s.slice(i + 1, end < 0 ? s.length : end);
        line += part.split('\n').length - 1;
        w += part;
        i = end < 0 ? s.length : end + 1;
      } else if (ch === '"') {
        let j = i + 1;
        let part = '';
        while (j < s.length && s[j] !== '"') {
          if (s[j] === '\\' && j + 1 < s.length) {
            part += s[j + 1];
            j += 2;
          } else part += s[j++];
        }
        line += part.split('\n').length - 1;
        w += part;
        i = j + 1;
      } else if (ch === '\\' && i + 1 < s.length) {
        if (s[i + 1] === '\n') {
          line++;
          i += 2;
          break;
        }
        w += s[i + 1];
        i += 2;
      } else if (ch === ';' || ch === '&' || ch === '|') {
        if (w) break;
        let op = ch;
        if (s[i + 1] === ch) op += ch;
        w = op;
        i += op.length;
        break;
      } else {
        w += ch;
        i++;
      }
    }
    if (w) out.push({ text: w, line: baseLine === undefined ? undefined : baseLine + startLine });
  }
  return out;
}

/**
 * The words a container runs: `command` + `args`, with `sh -c '<script>'` opened into the words of
 * the script. Every word keeps its line so a flag can be reported where it is written.
 */
export function containerWords(command: Word[], args: Word[], scriptLine: (w: Word) => number | undefined): Word[] {
  const all = [...command, ...args];
  const first = all[0]?.text ?? '';
  if (SHELLS.test(first)) {
    const c = all.findIndex((w) => /^-[a-z]*c[a-z]*$/.test(w.text));
    if (c >= 0 && all[c + 1]) return shellWords(all[c + 1].text, scriptLine(all[c + 1]));
  }
  return all;
}

/** One command within a script: `a && b; exec c` gives three. */
export function commandsOf(words: Word[]): Word[][] {
  const cmds: Word[][] = [[]];
  for (const w of words) {
    if (SHELL_OPERATORS.has(w.text)) cmds.push([]);
    else cmds[cmds.length - 1].push(w);
  }
  return cmds.filter((c) => c.length).map((c) => (c[0].text === 'exec' ? c.slice(1) : c));
}

export interface Flag {
  /** Lower-cased name without leading dashes. */
  name: string;
  /** The value as written; `undefined` for a bare boolean flag. */
  value?: string;
  /** The flag as written, for evidence. */
  text: string;
  line?: number;
}

export interface ParsedCommand {
  program: string;
  /** Positional words after the program (sub-commands such as `vc`, `start`, `node`). */
  positionals: string[];
  flags: Flag[];
}

/**
 * Reads `--name=value`, `--name value` and bare `--name` flags. A word after a flag is its value unless it
 * looks like another flag or the flag is a known switch.
 */
export function parseCommand(words: Word[], switches: Set<string>): ParsedCommand {
  const program = words[0]?.text ?? '';
  const positionals: string[] = [];
  const flags: Flag[] = [];
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    const m = /^--?([A-Za-z][\w.-]*)(?:=([\s\S]*))?$/.exec(w.text);
    if (!m) {
      positionals.push(w.text);
      continue;
    }
    const name = m[1].toLowerCase();
    let value = m[2];
    let text = w.text;
    if (value === undefined) {
      const next = words[i + 1]?.text;
      const isBool = next === 'true' || next === 'false';
      if (next !== undefined && !next.startsWith('-') && (!switches.has(name) || isBool)) {
        value = next;
        text = `${w.text} ${next}`;
        i++;
      }
    }
    flags.push({ name, value, text, line: w.line });
  }
  return { program, positionals, flags };
}

/** A flag's value as a list: `a,b`, `[A, B]`, `"a b"`. */
export function listValue(v: string | undefined): string[] {
  if (v === undefined) return [];
  return v
    .replace(/^\[|\]$/g, '')
    .split(/[,\s]+/)
    .map((x) => x.replace(/^["']|["']$/g, '').trim())
    .filter(Boolean);
}

export function boolValue(f: Flag | undefined): boolean | undefined {
  if (!f) return undefined;
  if (f.value === undefined) return true;
  return !/^(false|0|no|off)$/i.test(f.value.trim());
}
