import type { RecordStart } from './prefilter.js';

/**
 * The log formats the classifier reads, each recognised from content: how a record starts, when it
 * happened, its level, the program that wrote it (for syslog and journald, which carry the lines of
 * many programs) and its message. Sample lines of every format are in test/logs/fixtures, written
 * by the real software where it runs here and taken from the client's documentation and source
 * where it does not (test/logs/fixtures/README.md says which).
 */

export type Level = 'trace' | 'debug' | 'info' | 'notice' | 'warn' | 'error' | 'crit' | 'fatal';

export interface ParsedRecord {
  /** Milliseconds since the epoch. */
  time?: number;
  level?: Level;
  /** The writing program, for formats that carry many (syslog, journald). */
  program?: string;
  pid?: string;
  message: string;
}

/** Resolves dates written without a year against the file's last modification. */
export interface TimeContext {
  referenceMs: number;
}

export interface LogFormat {
  id: string;
  title: string;
  /** Software known to write it. */
  writers: string;
  /** Records carry a date and time. */
  timestamped: boolean;
  /** A line (without ANSI colours) this format writes; scored over the first lines of a file. */
  detect: RegExp;
  /** Which lines start a record (timestamped formats whose records begin with their time). */
  recordStart?: RecordStart;
  /** `withTime` false: the caller needs no time, so none is computed (most lines examined are not timed). */
  parse(line: string, t: TimeContext, withTime?: boolean): ParsedRecord | undefined;
  /** Literals found in the lines of error level (anchors for the prefilter); parse() confirms the level. */
  errorLevelAnchors?: string[];
  /** Lines by which the program announces its start, and its clean end. */
  started?: RegExp;
  stopped?: RegExp;
  /** A syslog or journald envelope: the message belongs to `program`, read with that program's rules. */
  envelope?: boolean;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH_INDEX = new Map(MONTHS.map((m, i) => [m, i]));

const LEVELS: Record<string, Level> = {
  trace: 'trace',
  trce: 'trace',
  debug: 'debug',
  dbug: 'debug',
  debu: 'debug',
  info: 'info',
  notice: 'notice',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
  eror: 'error',
  erro: 'error',
  err: 'error',
  crit: 'crit',
  critical: 'crit',
  fatal: 'fatal',
  fata: 'fatal',
  pani: 'fatal',
  panic: 'fatal',
  alert: 'crit',
  emerg: 'fatal',
};

export function levelOf(word: string | undefined): Level | undefined {
  return word === undefined ? undefined : LEVELS[word.trim().toLowerCase()];
}

export function isErrorLevel(level: Level | undefined): boolean {
  return level === 'error' || level === 'crit' || level === 'fatal';
}

function iso(date: string, time: string, zone?: string): number | undefined {
  const z =
    !zone || zone === 'Z' || zone === 'UTC' || zone === 'GMT' ? 'Z' : zone.replace(/^([+-]\d\d)(\d\d)$/, '$1:$2');
  const ms = Date.parse(`${date}T${time}${/^[+-]\d\d:\d\d$|^Z$/.test(z) ? z : 'Z'}`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A date without a year: the latest such date not after the file's last change (plus a day of slack). */
function yearless(month: number, day: number, time: string, t: TimeContext): number | undefined {
  const ref = new Date(t.referenceMs);
  const [h, m, s] = time.split(':');
  const sec = Number.parseFloat(s);
  for (const year of [ref.getUTCFullYear(), ref.getUTCFullYear() - 1]) {
    const ms = Date.UTC(year, month, day, Number(h), Number(m), Math.floor(sec), Math.round((sec % 1) * 1000));
    if (!Number.isNaN(ms) && ms <= t.referenceMs + 86_400_000) return ms;
  }
  return undefined;
}

const DIGITS = '0123456789';
const ESC = '\x1b';

/** Where an ISO date starts a line: a digit, and '-' five bytes in. */
const ISO_START: RecordStart = { first: DIGITS, byteAt: [{ offset: 4, value: '-' }] };
/** The same, possibly inside an ANSI colour code (ESC [). */
const ISO_OR_COLOURED_START: RecordStart = {
  first: DIGITS + ESC,
  byteAt: [
    { offset: 4, value: '-' },
    { offset: 1, value: '[' },
  ],
};

function jsonRecord(line: string, withTime = true): ParsedRecord | undefined {
  if (!line.startsWith('{')) return undefined;
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (!o || typeof o !== 'object') return undefined;
  const str = (...keys: string[]) => {
    for (const k of keys) {
      const v = o[k];
      if (typeof v === 'string') return v;
      if (typeof v === 'number') return String(v);
    }
    return undefined;
  };
  let time: number | undefined;
  const realtime = withTime ? str('__REALTIME_TIMESTAMP') : undefined;
  if (!withTime) time = undefined;
  else if (realtime && /^\d+$/.test(realtime)) time = Math.floor(Number(realtime) / 1000);
  else {
    const t = str('t', 'time', 'ts', 'timestamp', '@timestamp');
    if (t !== undefined) {
      const ms = /^\d+(\.\d+)?$/.test(t) ? Number(t) * (Number(t) < 1e11 ? 1000 : 1) : Date.parse(t);
      if (!Number.isNaN(ms)) time = ms;
    }
  }
  const priority = str('PRIORITY');
  const level = priority
    ? (['fatal', 'fatal', 'crit', 'error', 'warn', 'notice', 'info', 'debug'] as Level[])[Number(priority)]
    : levelOf(str('lvl', 'level', 'severity'));
  const message = o.MESSAGE ?? o.msg ?? o.message ?? o._msg;
  // The reason of an error often travels in its own field (geth, slog, CometBFT: err).
  const err = str('err', 'error');
  return {
    time,
    level,
    program: str('SYSLOG_IDENTIFIER', '_COMM', 'module', 'logger'),
    pid: str('_PID', 'SYSLOG_PID'),
    message: `${typeof message === 'string' ? message : Array.isArray(message) ? Buffer.from(message as number[]).toString('utf8') : line}${err ? ` err="${err}"` : ''}`,
  };
}

export const FORMATS: LogFormat[] = [
  {
    id: 'journald-json',
    title: 'journald JSON export (journalctl -o json)',
    writers: 'systemd-journald',
    timestamped: true,
    envelope: true,
    detect: /^\{.*"__REALTIME_TIMESTAMP"\s*:/,
    recordStart: { first: '{' },
    parse: (line, _t, withTime = true) => jsonRecord(line, withTime),
  },
  {
    id: 'journald-export',
    title: 'journald export format (journalctl -o export)',
    writers: 'systemd-journald',
    timestamped: true,
    envelope: true,
    detect: /^(__CURSOR|__REALTIME_TIMESTAMP|_BOOT_ID|SYSLOG_IDENTIFIER|_TRANSPORT)=/,
    recordStart: { first: '_', byteAt: [{ offset: 2, value: 'C' }] },
    parse(line, _t, withTime = true) {
      const m = /^__REALTIME_TIMESTAMP=(\d+)$/.exec(line);
      if (m) return { time: Math.floor(Number(m[1]) / 1000), message: '' };
      const msg = /^MESSAGE=(.*)$/.exec(line);
      if (msg) return { message: msg[1] };
      const cursor = /^__CURSOR=/.test(line);
      return cursor ? { message: '' } : undefined;
    },
  },
  {
    id: 'tracing',
    title: 'Rust tracing (reth, anvil with RUST_LOG, Foundry)',
    writers: 'reth, anvil, Lighthouse-style Rust clients',
    timestamped: true,
    detect: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z +(?:TRACE|DEBUG|INFO|WARN|ERROR) /,
    recordStart: ISO_OR_COLOURED_START,
    errorLevelAnchors: ['ERROR'],
    parse(line, _t, withTime = true) {
      const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d(?:\.\d+)?)Z +(TRACE|DEBUG|INFO|WARN|ERROR) (.*)$/.exec(line);
      if (!m) return undefined;
      return { time: withTime ? iso(m[1], m[2]) : undefined, level: levelOf(m[3]), message: m[4] };
    },
    started: /^reth|Starting reth|Listening on /,
  },
  {
    id: 'bitcoin-core',
    title: 'Bitcoin Core debug.log (and Litecoin, Dogecoin, other forks)',
    writers: 'bitcoind, litecoind, dogecoind and other Bitcoin Core forks',
    timestamped: true,
    detect: /^\d{4}-\d\d-\d\d(?:T\d\d:\d\d:\d\d(?:\.\d+)?Z| \d\d:\d\d:\d\d) (?!\s*(?:TRACE|DEBUG|INFO|WARN|ERROR) )/,
    recordStart: ISO_START,
    parse(line, _t, withTime = true) {
      const m = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d(?:\.\d+)?)Z? (?:\[[\w.-]+\] )?(.*)$/.exec(line);
      if (!m) return undefined;
      return { time: withTime ? iso(m[1], m[2]) : undefined, message: m[3] };
    },
    started:
      /^(?:Bitcoin|Litecoin|Dogecoin|Dash|Bitcoin Cash Node|Bitcoin SV|[A-Z][A-Za-z]+) Core(?: Daemon)? version v?\d/,
    stopped: /^Shutdown: done$/,
  },
  {
    id: 'geth',
    title: 'go-ethereum terminal format',
    writers: 'geth, bor, op-geth and other go-ethereum forks',
    timestamped: true,
    detect: /^(?:TRACE|DEBUG|INFO|WARN|ERROR|CRIT) ?\[\d\d-\d\d\|\d\d:\d\d:\d\d(?:\.\d+)?\] /,
    recordStart: { first: 'TDIWEC', byteAt: [{ offset: 5, value: '[' }] },
    errorLevelAnchors: ['ERROR[', 'CRIT ['],
    parse(line, t, withTime = true) {
      const m = /^(TRACE|DEBUG|INFO|WARN|ERROR|CRIT) ?\[(\d\d)-(\d\d)\|(\d\d:\d\d:\d\d(?:\.\d+)?)\] (.*)$/.exec(line);
      if (!m) return undefined;
      return {
        time: withTime ? yearless(Number(m[2]) - 1, Number(m[3]), m[4], t) : undefined,
        level: levelOf(m[1]),
        message: m[5],
      };
    },
    started: /^Starting Geth on /,
    stopped: /^Blockchain stopped/,
  },
  {
    id: 'geth-logfmt',
    title: 'go-ethereum logfmt (--log.format logfmt)',
    writers: 'geth and forks',
    timestamped: true,
    detect: /^t=\S+ lvl=\w+ msg=/,
    recordStart: { first: 't', byteAt: [{ offset: 1, value: '=' }] },
    errorLevelAnchors: ['lvl=eror', 'lvl=error', 'lvl=crit'],
    parse(line, _t, withTime = true) {
      const m = /^t=(\S+) lvl=(\w+) msg=("(?:[^"\\]|\\.)*"|\S+)(.*)$/.exec(line);
      if (!m) return undefined;
      const time = Date.parse(m[1].replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
      const msg = m[3].startsWith('"') ? m[3].slice(1, -1).replace(/\\"/g, '"') : m[3];
      return {
        time: withTime && !Number.isNaN(time) ? time : undefined,
        level: levelOf(m[2]),
        message: `${msg}${m[4]}`,
      };
    },
    started: /Starting Geth on /,
  },
  {
    id: 'erigon',
    title: 'Erigon',
    writers: 'erigon',
    timestamped: true,
    detect: /^\[(?:INFO|WARN|EROR|DBUG|TRCE|CRIT)\] \[\d\d-\d\d\|\d\d:\d\d:\d\d(?:\.\d+)?\] /,
    recordStart: { first: '[', byteAt: [{ offset: 5, value: ']' }] },
    errorLevelAnchors: ['[EROR]', '[CRIT]'],
    parse(line, t, withTime = true) {
      const m = /^\[(\w{4})\] \[(\d\d)-(\d\d)\|(\d\d:\d\d:\d\d(?:\.\d+)?)\] (.*)$/.exec(line);
      if (!m) return undefined;
      return {
        time: withTime ? yearless(Number(m[2]) - 1, Number(m[3]), m[4], t) : undefined,
        level: levelOf(m[1]),
        message: m[5],
      };
    },
    started: /Starting Erigon on /,
  },
  {
    id: 'nethermind',
    title: 'Nethermind (NLog file and console layouts)',
    writers: 'Nethermind',
    timestamped: true,
    detect: /^(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{4}\|[A-Z]+\||\d\d [A-Z][a-z]{2} \d\d:\d\d:\d\d \| )/,
    recordStart: { first: DIGITS },
    errorLevelAnchors: ['|ERROR|', '|FATAL|', ' | Error'],
    parse(line, t, withTime = true) {
      let m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d+)\|([A-Z]+)\|(?:[^|]*\|)?(.*)$/.exec(line);
      if (m) return { time: withTime ? iso(m[1], m[2]) : undefined, level: levelOf(m[3]), message: m[4] };
      m = /^(\d\d) ([A-Z][a-z]{2}) (\d\d:\d\d:\d\d) \| (.*)$/.exec(line);
      if (!m || !MONTH_INDEX.has(m[2])) return undefined;
      const level = /^(Error|Exception)\b/.test(m[4]) ? 'error' : undefined;
      return {
        time: withTime ? yearless(MONTH_INDEX.get(m[2])!, Number(m[1]), m[3], t) : undefined,
        level,
        message: m[4],
      };
    },
    started: /Nethermind starting initialization/,
    stopped: /Nethermind is shut down/,
  },
  {
    id: 'besu',
    title: 'Hyperledger Besu',
    writers: 'Besu',
    timestamped: true,
    detect: /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d \| [^|]+ \| [A-Z]+ +\| /,
    recordStart: ISO_START,
    errorLevelAnchors: ['| ERROR', '| FATAL'],
    parse(line, _t, withTime = true) {
      const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d+)([+-]\d\d:\d\d) \| [^|]+ \| ([A-Z]+) +\| [^|]+ \| (.*)$/.exec(
        line,
      );
      if (!m) return undefined;
      return { time: withTime ? iso(m[1], m[2], m[3]) : undefined, level: levelOf(m[4]), message: m[5] };
    },
    started: /\| Besu \| Starting Besu/,
  },
  {
    id: 'cometbft',
    title: 'CometBFT and Tendermint Core (plain format)',
    writers: 'cometbft, tendermint, Cosmos SDK chains',
    timestamped: true,
    detect: /^[IEDW]\[\d{4}-\d\d-\d\d\|\d\d:\d\d:\d\d(?:\.\d+)?\] /,
    recordStart: { first: 'IEDW', byteAt: [{ offset: 1, value: '[' }] },
    errorLevelAnchors: ['E[1', 'E[2'],
    parse(line, _t, withTime = true) {
      const m = /^([IEDW])\[(\d{4}-\d\d-\d\d)\|(\d\d:\d\d:\d\d(?:\.\d+)?)\] (.*)$/.exec(line);
      if (!m) return undefined;
      const level = ({ I: 'info', E: 'error', D: 'debug', W: 'warn' } as const)[m[1] as 'I' | 'E' | 'D' | 'W'];
      return { time: withTime ? iso(m[2], m[3]) : undefined, level, message: m[4] };
    },
    started: /Starting Node service/,
    stopped: /Stopping Node service/,
  },
  {
    id: 'fabric',
    title: 'Hyperledger Fabric peer and orderer',
    writers: 'peer, orderer (Fabric 1.4 and 2.x default formats)',
    timestamped: true,
    detect:
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [A-Z]{3,4} (?:[0-9a-f]{4} (?:DEBU|INFO|WARN|ERRO|PANI|FATA) \[[\w.]+\] \S+ -> |\[[\w.]+\] \S+ -> (?:DEBU|INFO|WARN|ERRO|PANI|FATA) [0-9a-f]{3,4} )/,
    recordStart: ISO_OR_COLOURED_START,
    errorLevelAnchors: [' ERRO ', ' PANI ', ' FATA '],
    parse(line, _t, withTime = true) {
      let m =
        /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d+) ([A-Z]{3,4}) [0-9a-f]{4} (\w{4}) \[([\w.]+)\] \S+ -> (.*)$/.exec(
          line,
        );
      if (m)
        return {
          time: withTime ? iso(m[1], m[2], m[3]) : undefined,
          level: levelOf(m[4]),
          program: m[5],
          message: m[6],
        };
      m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d+) ([A-Z]{3,4}) \[([\w.]+)\] \S+ -> (\w{4}) [0-9a-f]{3,4} (.*)$/.exec(
        line,
      );
      if (m)
        return {
          time: withTime ? iso(m[1], m[2], m[3]) : undefined,
          level: levelOf(m[5]),
          program: m[4],
          message: m[6],
        };
      return undefined;
    },
    started: /(?:Starting peer|Starting orderer):?/,
  },
  {
    id: 'postgresql',
    title: 'PostgreSQL server log (stderr, log_line_prefix with %m or %t)',
    writers: 'postgres',
    timestamped: true,
    detect:
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? [A-Z]{2,5} \[\d+\] .*?(?:LOG|ERROR|FATAL|PANIC|WARNING|DETAIL|HINT|STATEMENT|CONTEXT):  /,
    recordStart: ISO_START,
    errorLevelAnchors: ['FATAL:  ', 'PANIC:  '],
    parse(line, _t, withTime = true) {
      const m =
        /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?) ([A-Z]{2,5}) \[(\d+)\] .*?(LOG|ERROR|FATAL|PANIC|WARNING|NOTICE|INFO|DEBUG\d?|DETAIL|HINT|STATEMENT|CONTEXT):  (.*)$/.exec(
          line,
        );
      if (!m) return undefined;
      const level = m[5] === 'PANIC' ? 'fatal' : m[5] === 'FATAL' ? 'fatal' : levelOf(m[5].replace(/\d$/, ''));
      return { time: withTime ? iso(m[1], m[2], m[3]) : undefined, level, pid: m[4], message: m[6] };
    },
    started: /database system is ready to accept connections/,
    stopped: /database system is shut down/,
  },
  {
    id: 'syslog-rfc3339',
    title: 'syslog file with RFC 3339 timestamps (rsyslog default on Debian 12)',
    writers: 'rsyslog, syslog-ng',
    timestamped: true,
    envelope: true,
    detect: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d) \S+ [^\s:[]+(?:\[\d+\])?: /,
    recordStart: ISO_START,
    parse(line, _t, withTime = true) {
      const m =
        /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d(?:\.\d+)?)(Z|[+-]\d\d:\d\d) \S+ ([^\s:[]+)(?:\[(\d+)\])?: ?(.*)$/.exec(
          line,
        );
      if (!m) return undefined;
      return { time: withTime ? iso(m[1], m[2], m[3]) : undefined, program: m[4], pid: m[5], message: m[6] };
    },
  },
  {
    id: 'syslog',
    title: 'syslog file with RFC 3164 timestamps (/var/log/auth.log, /var/log/messages)',
    writers: 'rsyslog (traditional format), syslog-ng, busybox syslogd',
    timestamped: true,
    envelope: true,
    detect: /^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ [^\s:[]+(?:\[\d+\])?: /,
    recordStart: { first: 'JFMASOND', byteAt: [{ offset: 3, value: ' ' }] },
    parse(line, t, withTime = true) {
      const m = /^([A-Z][a-z]{2}) ([ \d]\d) (\d\d:\d\d:\d\d) \S+ ([^\s:[]+)(?:\[(\d+)\])?: ?(.*)$/.exec(line);
      if (!m || !MONTH_INDEX.has(m[1])) return undefined;
      return {
        time: withTime ? yearless(MONTH_INDEX.get(m[1])!, Number(m[2]), m[3], t) : undefined,
        program: m[4],
        pid: m[5],
        message: m[6],
      };
    },
  },
  {
    id: 'nginx-error',
    title: 'nginx error log',
    writers: 'nginx',
    timestamped: true,
    detect: /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[\w+\] \d+#\d+: /,
    recordStart: { first: DIGITS, byteAt: [{ offset: 4, value: '/' }] },
    errorLevelAnchors: ['[error]', '[crit]', '[alert]', '[emerg]'],
    parse(line, _t, withTime = true) {
      const m = /^(\d{4})\/(\d\d)\/(\d\d) (\d\d:\d\d:\d\d) \[(\w+)\] (\d+)#\d+: (?:\*\d+ )?(.*)$/.exec(line);
      if (!m) return undefined;
      return {
        time: withTime ? iso(`${m[1]}-${m[2]}-${m[3]}`, m[4]) : undefined,
        level: levelOf(m[5]),
        pid: m[6],
        message: m[7],
      };
    },
  },
  {
    id: 'nginx-access',
    title: 'nginx access log (combined and common formats)',
    writers: 'nginx, Apache httpd',
    timestamped: true,
    detect: /^\S+ \S+ \S+ \[\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] "/,
    recordStart: { first: (b) => b > 0x20 },
    parse(line, _t, withTime = true) {
      const m = /^(\S+) \S+ (\S+) \[(\d\d)\/([A-Z][a-z]{2})\/(\d{4}):(\d\d:\d\d:\d\d) ([+-]\d{4})\] (.*)$/.exec(line);
      if (!m || !MONTH_INDEX.has(m[4])) return undefined;
      const month = String(MONTH_INDEX.get(m[4])! + 1).padStart(2, '0');
      return { time: withTime ? iso(`${m[5]}-${month}-${m[3]}`, m[6], m[7]) : undefined, message: m[8], program: m[1] };
    },
  },
  {
    id: 'redis',
    title: 'Redis server log',
    writers: 'redis-server, valkey',
    timestamped: true,
    detect: /^\d+:[XCSM] \d\d [A-Z][a-z]{2}(?: \d{4})? \d\d:\d\d:\d\d\.\d{3} [.\-*#] /,
    recordStart: { first: DIGITS },
    parse(line, t, withTime = true) {
      const m = /^(\d+):[XCSM] (\d\d) ([A-Z][a-z]{2})(?: (\d{4}))? (\d\d:\d\d:\d\d\.\d{3}) ([.\-*#]) (.*)$/.exec(line);
      if (!m || !MONTH_INDEX.has(m[3])) return undefined;
      const month = MONTH_INDEX.get(m[3])!;
      const time = !withTime
        ? undefined
        : m[4]
          ? iso(`${m[4]}-${String(month + 1).padStart(2, '0')}-${m[2]}`, m[5])
          : yearless(month, Number(m[2]), m[5], t);
      const level = ({ '.': 'debug', '-': 'info', '*': 'notice', '#': 'warn' } as const)[m[6] as '.' | '-' | '*' | '#'];
      return { time, level, pid: m[1], message: m[7] };
    },
    started: /Redis is starting/,
    stopped: /Redis is now ready to exit, bye bye/,
  },
  {
    id: 'kernel',
    title: 'kernel ring buffer (dmesg, dmesg -T)',
    writers: 'Linux',
    timestamped: false,
    detect: /^\[(?: *\d+\.\d+|[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4})\] /,
    parse(line, _t, withTime = true) {
      const m = /^\[([A-Z][a-z]{2} ([A-Z][a-z]{2}) ([ \d]\d) (\d\d:\d\d:\d\d) (\d{4}))\] (.*)$/.exec(line);
      if (m && MONTH_INDEX.has(m[2])) {
        const month = String(MONTH_INDEX.get(m[2])! + 1).padStart(2, '0');
        return {
          time: withTime ? iso(`${m[5]}-${month}-${m[3].trim().padStart(2, '0')}`, m[4]) : undefined,
          message: m[6],
          program: 'kernel',
        };
      }
      const u = /^\[ *\d+\.\d+\] (.*)$/.exec(line);
      return u ? { message: u[1], program: 'kernel' } : undefined;
    },
  },
  {
    id: 'json',
    title: 'JSON lines (geth --log.format json, CometBFT json, slog, Fabric json)',
    writers: 'geth, cometbft, reth --log.stdout.format json, Fabric',
    timestamped: true,
    detect: /^\{.*"(?:t|time|ts|timestamp|@timestamp)"\s*:/,
    recordStart: { first: '{' },
    errorLevelAnchors: ['"error"', '"ERROR"', '"eror"', '"crit"', '"CRIT"', '"fatal"', '"FATAL"', '"panic"'],
    parse: (line, _t, withTime = true) => jsonRecord(line, withTime),
  },
  {
    id: 'sshd',
    title: 'OpenSSH server log file (sshd -E)',
    writers: 'sshd',
    timestamped: false,
    detect:
      /^(?:Server listening on \S+ port \d+|Connection from \S+ port \d+ on |Accepted \S+ for |Failed \S+ for |Invalid user |Disconnected from |Received disconnect from |Connection closed by |Disconnecting |maximum authentication attempts |Received signal \d+; terminating|userauth_|banner exchange: |Unable to negotiate with |kex_exchange_identification: |Timeout before authentication )/,
    parse: (line) => ({ message: line, program: 'sshd' }),
    started: /^Server listening on /,
    stopped: /^Received signal \d+; terminating\.$/,
  },
  {
    id: 'evm-devnode',
    title: 'Ethereum development node console (anvil, ganache, hardhat node)',
    writers: 'anvil, ganache, hardhat node',
    timestamped: false,
    detect:
      /^(?:(?:eth|net|web3|anvil|evm|hardhat|debug|trace|txpool|personal|engine|admin|ots|wallet|rpc)_\w+$|ganache v\d|Available Accounts$|Private Keys$|(?:RPC )?Listening on \S+:\d+$|Started HTTP and WebSocket JSON-RPC server at |Account #\d+: 0x|Private Key: 0x|\s+(?:Transaction|Gas usage|Gas used|Block [Nn]umber|Block Hash|Block [Tt]ime|Contract created|Runtime error): |\s+>\s+\w+_\w+: )/,
    parse: (line) => ({ message: line }),
    started: /^(?:ganache v\d|Available Accounts$|Started HTTP and WebSocket JSON-RPC server at )/,
  },
  {
    id: 'generic',
    title: 'lines starting with an ISO 8601 date',
    writers: 'many',
    timestamped: true,
    detect: /^\[?\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d/,
    recordStart: { first: DIGITS + '[' },
    parse(line, _t, withTime = true) {
      const m = /^\[?(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d(?:[.,]\d+)?)(Z|[+-]\d\d:?\d\d| UTC)?\]? ?(.*)$/.exec(line);
      if (!m) return undefined;
      return { time: withTime ? iso(m[1], m[2].replace(',', '.'), m[3]?.trim()) : undefined, message: m[4] };
    },
  },
];

export const PLAIN: LogFormat = {
  id: 'plain',
  title: 'lines without a recognised format or timestamp',
  writers: 'unknown',
  timestamped: false,
  detect: /$^/,
  parse: (line) => ({ message: line }),
};

export const FORMAT_BY_ID = new Map([...FORMATS, PLAIN].map((f) => [f.id, f]));

const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

export function stripAnsi(line: string): string {
  return line.includes('\x1b') ? line.replace(ANSI, '') : line;
}

/**
 * The format that explains most of the sample's lines (ties go to the earlier, more specific
 * format); PLAIN when none explains any.
 */
export function detectFormat(sampleLines: string[]): { format: LogFormat; matched: number; sampled: number } {
  const lines = sampleLines.map(stripAnsi).filter((l) => l.trim() !== '');
  let best: LogFormat = PLAIN;
  let bestCount = 0;
  for (const f of FORMATS) {
    let n = 0;
    for (const l of lines) if (f.detect.test(l)) n++;
    if (n > bestCount) {
      best = f;
      bestCount = n;
    }
  }
  return { format: best, matched: bestCount, sampled: lines.length };
}
