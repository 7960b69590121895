/**
 * Reads one node log line the way an auditor does: when it happened, whether it is an error and of
 * which class, whether it records a failed login, a crash, or a secret that should never be logged.
 */

export interface ErrorFunction {
  /** The node function whose name marks the error in the log, e.g. CheckBlock, AcceptToMemoryPool. */
  name: string;
  classId: string;
}

export interface LineFacts {
  timestamp?: number;
  errorClass?: string;
  errorFunction?: string;
  authFailureFrom?: string;
  crash?: string;
  secret?: { kind: string; start: number; end: number };
}

const TIMESTAMPS: { re: RegExp; parse: (m: RegExpExecArray, year: number) => number }[] = [
  // Bitcoin Core, Fabric, most ISO-8601 emitters: 2026-11-20T08:00:01Z / 2026-11-20 08:00:01.123 UTC
  {
    re: /^\[?(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:?\d{2}| UTC)?/,
    parse: (m) => Date.parse(`${m[1]}T${m[2]}${m[3] && m[3] !== ' UTC' ? m[3] : 'Z'}`),
  },
  // geth: INFO [11-20|08:00:01.123] — no year in the record
  {
    re: /^[A-Z]{4,5}\s*\[(\d{2})-(\d{2})\|(\d{2}:\d{2}:\d{2})(?:\.\d+)?\]/,
    parse: (m, year) => Date.parse(`${year}-${m[1]}-${m[2]}T${m[3]}Z`),
  },
  // syslog: Nov 20 08:00:01
  {
    re: /^([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}:\d{2}:\d{2}) /,
    parse: (m, year) => Date.parse(`${m[1]} ${m[2]} ${year} ${m[3]} UTC`),
  },
];

const ERROR_MARK = /\b(ERROR|ERRO|EROR|FATAL|CRIT|PANI|error:|failed|failure|rejected)\b/i;
const EXTRA_PATTERNS: { re: RegExp; classId: string; fn: string }[] = [
  { re: /BAD BLOCK|invalid (block|merkle root)|bad-txnmrklroot|bad-blk/i, classId: 'block', fn: 'CheckBlock' },
  { re: /high-hash|proof of work failed|invalid (pow|difficulty|seal)/i, classId: 'consensus', fn: 'CheckBlockHeader' },
  { re: /time-too-(old|new)|timestamp too (early|far)/i, classId: 'block', fn: 'ContextualCheckBlockHeader' },
  {
    re: /bad-txns|mandatory-script-verify-flag-failed|non-mandatory-script-verify/i,
    classId: 'transaction',
    fn: 'CheckInputs',
  },
  {
    re: /socket (recv|send) error|connection (reset|refused)|peer .*disconnected/i,
    classId: 'network',
    fn: 'RecvLine',
  },
  { re: /JSON-?RPC|ThreadRPCServer|rpc (error|request)/i, classId: 'rpc', fn: 'JSONRPCError' },
];

const AUTH_FAILURES = [
  /incorrect password attempt from ([0-9a-fA-F.:[\]]+)/, // bitcoind / litecoind RPC
  /Failed password for (?:invalid user )?\S+ from ([0-9a-fA-F.:]+)/, // sshd
  /authentication failed.*?from ([0-9a-fA-F.:]+)/i,
  /unauthorized.*?(?:remote|client|from)[=: ]+([0-9a-fA-F.:]+)/i,
];

const CRASHES: { re: RegExp; kind: string }[] = [
  { re: /^panic: |goroutine \d+ \[running\]/, kind: 'Go panic' },
  { re: /Segmentation fault|SIGSEGV|SIGABRT|core dumped/, kind: 'fatal signal' },
  { re: /terminate called after throwing|Assertion .* failed/, kind: 'C++ abort' },
  { re: /\bFATAL\b|\bCRIT\b|\bPANI\b|EXCEPTION: /, kind: 'fatal error' },
  { re: /out of memory|OOM|Cannot allocate memory/i, kind: 'out of memory' },
];

const SECRETS: { re: RegExp; kind: string }[] = [
  { re: /(?:priv(?:ate)?[_ -]?key|secret|seed)\s*[=:]\s*"?(0x)?[0-9a-fA-F]{64}\b/i, kind: 'private key' },
  { re: /\b(?:password|passwd|rpcpassword|passphrase)\s*[=:]\s*"?[^\s"',;]{4,}/i, kind: 'password' },
  { re: /Authorization:\s*(?:Basic|Bearer)\s+[A-Za-z0-9+/=._-]{8,}/i, kind: 'authorization header' },
  { re: /\b(?:mnemonic|seed phrase)\s*[=:]\s*"?(?:[a-z]{3,8} ){11,23}[a-z]{3,8}/i, kind: 'mnemonic' },
  { re: /\b[5KL][1-9A-HJ-NP-Za-km-z]{50,51}\b/, kind: 'WIF private key' },
];

export class LineClassifier {
  private readonly byName: Map<string, string>;
  private readonly nameRe: RegExp | null;

  constructor(
    functions: ErrorFunction[],
    private readonly year = new Date().getUTCFullYear(),
  ) {
    this.byName = new Map(functions.map((f) => [f.name.toLowerCase(), f.classId]));
    const names = functions.map((f) => f.name.replace(/[^A-Za-z0-9_]/g, '')).filter((n) => n.length >= 4);
    this.nameRe = names.length ? new RegExp(`\\b(${names.join('|')})\\b`, 'i') : null;
  }

  classify(text: string): LineFacts {
    const facts: LineFacts = {};
    for (const t of TIMESTAMPS) {
      const m = t.re.exec(text);
      if (m) {
        const ms = t.parse(m, this.year);
        if (!Number.isNaN(ms)) facts.timestamp = ms;
        break;
      }
    }
    if (ERROR_MARK.test(text)) {
      const fn = this.nameRe?.exec(text)?.[1];
      if (fn) {
        facts.errorFunction = fn;
        facts.errorClass = this.byName.get(fn.toLowerCase());
      } else {
        const extra = EXTRA_PATTERNS.find((p) => p.re.test(text));
        if (extra) {
          facts.errorClass = extra.classId;
          facts.errorFunction = extra.fn;
        } else facts.errorClass = 'other';
      }
    }
    for (const re of AUTH_FAILURES) {
      const m = re.exec(text);
      if (m) {
        facts.authFailureFrom = m[1].replace(/:\d+$/, '');
        break;
      }
    }
    facts.crash = CRASHES.find((c) => c.re.test(text))?.kind;
    for (const s of SECRETS) {
      const m = s.re.exec(text);
      if (m) {
        facts.secret = { kind: s.kind, start: m.index, end: m.index + m[0].length };
        break;
      }
    }
    return facts;
  }
}
