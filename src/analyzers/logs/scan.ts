import { availableParallelism } from 'node:os';
import { maskSecret } from '../../mask.js';
import { errorMessage } from '../../errors.js';
import { scanLines, type TextSecret } from '../secrets/index.js';
import {
  AUTH_RULES,
  AUTHORIZATION_HEADER,
  CREDENTIAL_ASSIGNMENT,
  CRASH_RULES,
  JSON_SECRET_FIELD,
  LIFECYCLE_ANCHORS,
  PG_CONNECTION,
  SECRET_ANCHORS,
  SECRET_RPC_PARAMS,
  URL_SECRET_PARAM,
  cleanSource,
  familyOf,
  isMasked,
  ruleFormatOf,
  type AuthKind,
  type CrashKind,
  type Family,
} from './classify.js';
import {
  detectFormat,
  FORMAT_BY_ID,
  FORMATS,
  isErrorLevel,
  stripAnsi,
  type LogFormat,
  type ParsedRecord,
} from './formats.js';
import { LiteralFinder, newlinesBetween, type AnchorHits, type CompiledAnchors } from './prefilter.js';
import { scanGroupsInPool } from './pool.js';
import { listLogFiles, readChunks, type ChunkInfo, type LogFile, type Unread } from './read.js';
import {
  classifyError,
  compileErrorRules,
  type CompiledErrorRules,
  type ErrorRuleData,
  type ErrorVerdict,
} from './rules.js';

export interface Example {
  file: string;
  line: number;
  text: string;
}

/** One line the classifier put somewhere, as it was decided (tests score these against what was done). */
export type ClassifiedLine = Example &
  (
    | { aspect: 'error'; classId: string; by: string; token: string; client: string }
    | { aspect: 'auth-failure'; kind: AuthKind; source: string }
    | { aspect: 'crash'; kind: CrashKind; detail: string }
    | { aspect: 'secret'; kind: string; detail: string; wellKnown?: string }
  );

export interface FileReport {
  path: string;
  /** Why the file was not read as a log (binary content), if it was not. */
  skipped?: string;
  group: string;
  compressed: boolean;
  /** Bytes read (decompressed for .gz). */
  bytes: number;
  format: string;
  formatTitle: string;
  lines: number;
  records: number;
  timestamped: number;
  earliest?: number;
  latest?: number;
}

export interface LogSummary {
  files: FileReport[];
  /** What was not read, with the reason: any entry makes the result incomplete. */
  unread: Unread[];
  records: number;
  timestamped: number;
  earliest?: number;
  latest?: number;
  untimestampedExamples: Example[];
  /** Files written by a node whose error rules apply. */
  nodeFiles: number;
  errors: Map<string, { count: number; reasons: Map<string, number>; examples: Example[] }>;
  authFailures: Map<string, { count: number; kinds: Map<string, number>; examples: Example[] }>;
  /** Failed logins from sources beyond the tracked number, not listed one by one. */
  authUntracked: number;
  crashes: Map<CrashKind, { count: number; examples: (Example & { detail: string })[] }>;
  secrets: (Example & { kind: string; detail: string; wellKnown?: string })[];
  secretCount: number;
}

export interface LogScanOptions {
  errorRules: ErrorRuleData;
  /** Worker threads for large sets of files (default: one per core; 1 scans in this thread). */
  workers?: number;
  /** A format id to read every file with, instead of recognising each file's format. */
  format?: string;
  signal?: AbortSignal;
  maxFiles?: number;
  /** Every classified line, as it is found (runs the scan in this thread). */
  onLine?(line: ClassifiedLine): void;
}

/** Earlier names of formats in scopes. */
const FORMAT_ALIASES: Record<string, string> = { bitcoin: 'bitcoin-core' };

const EXAMPLES = 3;
const CRASH_EXAMPLES = 5;
const MAX_SECRETS_LISTED = 200;
const MAX_AUTH_SOURCES = 10_000;
const SHOWN_CHARS = 300;
const MAX_LINE_CHARS = 64 * 1024;
const DETECTION_BYTES = 64 * 1024;
const DETECTION_LINES = 256;
/** How many following lines a key list or an RPC call's parameters may take. */
const CONTEXT_LINES = 40;

const NODE_FAMILIES: ReadonlySet<Family> = new Set(['bitcoin-core', 'ethereum', 'cometbft', 'fabric']);
const BANNER_END = /(?:RPC )?Listening on \S+:\d+$|Started HTTP and WebSocket JSON-RPC server at /;
const KEY_LIST_ENTRY = /^\s*\((\d+)\) (0x[0-9a-fA-F]{64})\s*$/;
const INLINE_PRIVATE_KEY = /Private Key: (0x[0-9a-fA-F]{64})/;

function shown(text: string): string {
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text;
}

/** What an anchor literal may mean; a candidate line is read only for the aspects its anchors name. */
const ERROR_ASPECT = 1;
const SECRET_ASPECT = 2;
const AUTH_ASPECT = 4;
const CRASH_ASPECT = 8;
const LIFECYCLE_ASPECT = 16;

/** Everything the prefilter must find, and what each literal may mean. */
interface Anchors {
  finder: LiteralFinder;
  /** Aspect bits per literal index. */
  aspects: Uint8Array;
  /** Literal → its index. */
  index: Map<string, number>;
}

let anchorsCache: { rules: ErrorRuleData; key: string; compiled: CompiledErrorRules; anchors: Anchors } | undefined;

function prepare(rules: ErrorRuleData, built?: CompiledAnchors): { compiled: CompiledErrorRules; anchors: Anchors } {
  if (anchorsCache?.rules === rules) return anchorsCache;
  // Rules come to worker threads as copies: the same rules compile once per thread.
  const key = JSON.stringify(rules);
  if (anchorsCache?.key === key) {
    anchorsCache.rules = rules;
    return anchorsCache;
  }
  const compiled = compileErrorRules(rules);
  const meaning = new Map<string, number>();
  const mark = (literals: Iterable<string>, aspect: number) => {
    for (const l of literals) meaning.set(l, (meaning.get(l) ?? 0) | aspect);
  };
  mark(compiled.anchors, ERROR_ASPECT);
  mark(
    FORMATS.flatMap((f) => f.errorLevelAnchors ?? []),
    ERROR_ASPECT,
  );
  mark(SECRET_ANCHORS, SECRET_ASPECT);
  mark([...AUTH_RULES.map((r) => r.anchor), PG_CONNECTION.anchor], AUTH_ASPECT);
  mark(
    CRASH_RULES.map((r) => r.anchor),
    CRASH_ASPECT,
  );
  mark(
    Object.values(LIFECYCLE_ANCHORS).flatMap((l) => [...l.started, ...l.stopped]),
    LIFECYCLE_ASPECT,
  );
  const literals = [...meaning.keys()];
  const anchors = {
    finder: new LiteralFinder(literals, built),
    aspects: Uint8Array.from(literals.map((l) => meaning.get(l)!)),
    index: new Map(literals.map((l, i) => [l, i])),
  };
  anchorsCache = { rules, key, compiled, anchors };
  return anchorsCache;
}

/** The literals for `rg -f` that stand for what the classifier looks for (the benchmark's peer). */
export function anchorLiterals(rules: ErrorRuleData): string[] {
  return prepare(rules).anchors.finder.literals;
}

function emptySummary(): LogSummary {
  return {
    files: [],
    unread: [],
    records: 0,
    timestamped: 0,
    untimestampedExamples: [],
    nodeFiles: 0,
    errors: new Map(),
    authFailures: new Map(),
    authUntracked: 0,
    crashes: new Map(),
    secrets: [],
    secretCount: 0,
  };
}

/** A context opened by one line that reads the lines after it. */
type Pending =
  | { kind: 'key-list'; left: number; found: number }
  | { kind: 'rpc-params'; method: string; left: number; index: number };

/** Scan state of one rotation group: a program's story runs from the oldest file to the live one. */
interface GroupState {
  running: boolean;
  startedAt?: Example;
}

class FileScanner {
  private format: LogFormat | undefined;
  private lineBase = 0;
  private lines = 0;
  private blank = 0;
  private indented = 0;
  private recordStarts = 0;
  private headRecords = 0;
  private bannerLines = 0;
  private seenRecord = false;
  private earliest?: number;
  private latest?: number;
  private endsWithNewline = true;
  private pending: Pending | undefined;
  private readonly pgSessions = new Map<string, string>();
  /** An envelope (syslog, journald) carried lines of a blockchain node. */
  private nodeLines = false;
  private readonly clientsByFormat = new Map<string, CompiledErrorRules['clients']>();
  private readonly present: LinePresence;
  private bytes = 0;
  private skipped?: string;

  constructor(
    private readonly file: LogFile,
    private readonly compiled: CompiledErrorRules,
    private readonly anchors: Anchors,
    private readonly s: LogSummary,
    private readonly group: GroupState,
    private readonly onLine?: (l: ClassifiedLine) => void,
    forced?: LogFormat,
  ) {
    this.format = forced;
    this.present = new LinePresence(anchors.finder.literals, anchors.index);
  }

  area(bytes: number): Uint8Array {
    return this.anchors.finder.textArea(bytes);
  }

  chunk(length: number, info: ChunkInfo): void | 'stop' {
    const text = this.area(length).subarray(0, length);
    this.bytes += length - info.overlap;
    if (this.bytes === length && isBinary(text)) {
      this.skipped = 'binary content (NUL and control bytes), not a text log';
      return 'stop';
    }
    if (!this.format) this.format = this.detect(text);
    const format = this.format;
    if (length > 0) this.endsWithNewline = text[length - 1] === 10;
    const finder = this.anchors.finder;
    const stats = finder.lineStats(text, format.timestamped ? format.recordStart : undefined, info.midLine);
    this.lines += stats.lines;
    this.blank += stats.blank;
    this.indented += stats.indented;
    const t = { referenceMs: this.file.mtimeMs };
    if (format.timestamped && format.recordStart) {
      this.recordStarts += stats.recordStarts;
      if (!this.seenRecord) {
        const headEnd = stats.firstRecordStart >= 0 ? stats.firstRecordStart : length;
        this.head(text, 0, headEnd, info.midLine);
        if (stats.firstRecordStart >= 0) this.seenRecord = true;
      }
      for (const at of [stats.firstRecordStart, stats.lastRecordStart]) {
        if (at < 0) continue;
        const time = format.parse(stripAnsi(this.lineAt(text, at).text), t)?.time;
        if (time === undefined) continue;
        this.earliest = Math.min(this.earliest ?? time, time);
        this.latest = Math.max(this.latest ?? time, time);
      }
    } else if (!this.seenRecord) {
      // Formats without timestamps: only a start banner at the top is read line by line.
      this.head(text, 0, Math.min(length, DETECTION_BYTES), info.midLine);
      this.seenRecord = true;
    }
    const hits = finder.find(text);
    const secrets = scanLines(text, this.file.path).filter((h) => h.offset >= info.overlap);
    this.classifyCandidates(text, hits, secrets, info, t);
    this.lineBase += stats.lines;
    if (info.final && length > 0 && !this.endsWithNewline) this.lines++;
  }

  private detect(text: Uint8Array): LogFormat {
    const head = Buffer.from(text.buffer, text.byteOffset, Math.min(text.length, DETECTION_BYTES)).toString('latin1');
    const sample = head.split('\n').slice(0, DETECTION_LINES);
    const format = detectFormat(sample).format;
    if (format.envelope) {
      const t = { referenceMs: this.file.mtimeMs };
      this.nodeLines = sample.some((l) => NODE_FAMILIES.has(familyOf(format, format.parse(stripAnsi(l), t))));
    }
    return format;
  }

  /** A Buffer over the current chunk, made once per chunk: lines are decoded from it without a Buffer each. */
  private view: Buffer = Buffer.alloc(0);

  private lineAt(text: Uint8Array, at: number): { start: number; end: number; text: string } {
    if (
      this.view.buffer !== text.buffer ||
      this.view.byteOffset !== text.byteOffset ||
      this.view.length !== text.length
    )
      this.view = Buffer.from(text.buffer, text.byteOffset, text.length);
    const nl = text.indexOf(10, at);
    let end = nl < 0 ? text.length : nl;
    const start = at;
    if (end - start > MAX_LINE_CHARS) end = start + MAX_LINE_CHARS;
    let stop = end;
    if (stop > start && text[stop - 1] === 13) stop--;
    return { start, end: nl < 0 ? text.length : nl, text: this.view.toString('latin1', start, stop) };
  }

  /** Lines before the first record of a timestamped file: start banners, or records without a timestamp. */
  private head(text: Uint8Array, from: number, to: number, midLine: boolean): void {
    const lines: string[] = [];
    for (let at = from; at < to;) {
      const l = this.lineAt(text, at);
      lines.push(l.text);
      at = l.end + 1;
    }
    const bannerEnd = lines.findIndex((l) => BANNER_END.test(stripAnsi(l)));
    lines.forEach((line, i) => {
      if (line.trim() === '' || (i === 0 && midLine)) return;
      if (i <= bannerEnd) {
        this.bannerLines++;
        return;
      }
      if (!this.format!.timestamped || !this.format!.recordStart) return;
      this.headRecords++;
      if (this.s.untimestampedExamples.length < EXAMPLES)
        this.s.untimestampedExamples.push({
          file: this.file.path,
          line: this.lineBase + i + 1,
          text: shown(toUtf8(line)),
        });
    });
  }

  private classifyCandidates(
    text: Uint8Array,
    hits: AnchorHits,
    secrets: TextSecret[],
    info: ChunkInfo,
    t: { referenceMs: number },
  ): void {
    const { aspects } = this.anchors;
    const present = this.present;
    let at = 0;
    let line = this.lineBase;
    const lineNumberOf = (start: number) => {
      line += newlinesBetween(at, start);
      at = start;
      return line + 1;
    };
    let h = 0;
    let s = 0;
    /** Marks the anchors of the line ending at `end` as present; returns their aspects. */
    const take = (end: number) => {
      present.next();
      let mask = 0;
      for (; h < hits.count && hits.start[h] <= end; h++) {
        if (hits.end[h] <= info.overlap) continue;
        present.add(hits.literal[h]);
        mask |= aspects[hits.literal[h]];
      }
      return mask;
    };
    const secretsOf = (start: number, end: number) => {
      if (s >= secrets.length || secrets[s].offset > end) return NO_SECRETS;
      const found: TextSecret[] = [];
      for (; s < secrets.length && secrets[s].offset <= end; s++)
        found.push({ ...secrets[s], offset: secrets[s].offset - start });
      return found;
    };
    // Lines after a context-opening line at the end of the previous chunk.
    let cursor = 0;
    while (this.pending && cursor < text.length) {
      const c = this.lineAt(text, cursor);
      const mask = take(c.end);
      const cSecrets = secretsOf(c.start, c.end);
      const n = lineNumberOf(c.start);
      if (!this.continuePending(c.text, n, cSecrets)) this.examine(c.text, n, present, mask, cSecrets, t);
      cursor = c.end + 1;
    }
    while (h < hits.count || s < secrets.length) {
      const next = Math.min(
        h < hits.count ? hits.start[h] : Infinity,
        s < secrets.length ? secrets[s].offset : Infinity,
      );
      const start = next === 0 ? 0 : text.lastIndexOf(10, next - 1) + 1;
      const end = text.indexOf(10, next);
      const lineEnd = end < 0 ? text.length : end;
      const mask = take(lineEnd);
      const lineSecrets = secretsOf(start, lineEnd);
      if (start < cursor || (mask === 0 && lineSecrets.length === 0)) continue;
      const l = this.lineAt(text, start);
      this.examine(l.text, lineNumberOf(l.start), present, mask, lineSecrets, t);
      cursor = l.end + 1;
      while (this.pending && cursor < text.length) {
        const c = this.lineAt(text, cursor);
        const more = take(c.end);
        const cSecrets = secretsOf(c.start, c.end);
        const n = lineNumberOf(c.start);
        if (!this.continuePending(c.text, n, cSecrets)) this.examine(c.text, n, present, more, cSecrets, t);
        cursor = c.end + 1;
      }
    }
  }

  /** Reads one line of an open context; false when the context has ended and the line is an ordinary one. */
  private continuePending(raw: string, line: number, engine: TextSecret[]): boolean {
    const p = this.pending!;
    const text = stripAnsi(raw);
    p.left--;
    if (p.kind === 'key-list') {
      const m = KEY_LIST_ENTRY.exec(text);
      if (m) {
        p.found++;
        this.keyValue(raw, line, m[2], "listed in the node's start banner", engine);
      } else if (text.trim() !== '' && !/^=+$/.test(text.trim())) this.pending = undefined;
      else if (text.trim() === '' && p.found > 0) this.pending = undefined;
      if (p.left <= 0) this.pending = undefined;
      return Boolean(m) || text.trim() === '' || /^=+$/.test(text.trim());
    }
    const spans: Span[] = [];
    for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)"/g)) this.rpcParam(p.method, p.index++, m[1], spans);
    this.reportSecrets(raw, line, spans);
    if (/^\s*>?\s*\]\s*$/.test(text) || p.left <= 0) this.pending = undefined;
    return true;
  }

  private examine(
    raw: string,
    line: number,
    present: LinePresence,
    mask: number,
    engine: TextSecret[],
    t: { referenceMs: number },
  ): void {
    const format = this.format!;
    const text = stripAnsi(raw);
    const record: ParsedRecord = format.parse(text, t, false) ?? { message: text };
    const family = familyOf(format, record);
    const message = record.message;
    const masked =
      mask & SECRET_ASPECT || engine.length
        ? this.secrets(raw, text, line, present, (mask & SECRET_ASPECT) !== 0, engine)
        : raw;
    let shownExample: Example | undefined;
    const example = () => (shownExample ??= { file: this.file.path, line, text: shown(toUtf8(masked)) });

    if (NODE_FAMILIES.has(family)) {
      // JSON lines are written by nodes and by everything else: only a node's error makes them a node log.
      if (format.id !== 'json') this.nodeLines = true;
      const byLevel = isErrorLevel(record.level);
      if (byLevel || mask & ERROR_ASPECT) {
        const ruleFormat = ruleFormatOf(format, family);
        // Every client reading this format gets a say by reason and message before any falls back to markers.
        let clients = this.clientsByFormat.get(ruleFormat);
        if (!clients) {
          clients = this.compiled.clients.filter((c) => c.formats.has(ruleFormat));
          this.clientsByFormat.set(ruleFormat, clients);
        }
        let decided: { verdict: ErrorVerdict; client: string } | undefined;
        for (let pass = 0; pass < 2 && !decided; pass++) {
          for (const client of clients) {
            const verdict = classifyError(this.compiled, client, message, present, byLevel, pass === 1);
            if (verdict) {
              decided = { verdict, client: client.client };
              break;
            }
          }
        }
        if (decided) {
          this.nodeLines = true;
          const { verdict, client } = decided;
          this.error(verdict.classId, verdict.token, example);
          this.onLine?.({
            ...example(),
            aspect: 'error',
            classId: verdict.classId,
            by: verdict.by,
            token: verdict.token,
            client,
          });
        }
      }
    }

    if (mask & AUTH_ASPECT) {
      if (family === 'postgresql' && present.has(PG_CONNECTION.anchor) && record.pid) {
        const m = PG_CONNECTION.re.exec(message);
        if (m) {
          if (this.pgSessions.size > 10_000) this.pgSessions.clear();
          this.pgSessions.set(record.pid, cleanSource(m[1]));
        }
      }
      for (const rule of rulesOnLine(present, AUTH_BY_ANCHOR, AUTH_RULES)) {
        if (family !== 'any' && !rule.families.includes(family)) continue;
        const m = rule.re.exec(message);
        if (!m) continue;
        const source =
          rule.source !== undefined
            ? cleanSource(m[rule.source])
            : rule.kind === 'http-401'
              ? cleanSource(record.program ?? 'unknown')
              : (record.pid && this.pgSessions.get(record.pid)) || 'unknown';
        this.authFailure(source, rule.kind, example);
        this.onLine?.({ ...example(), aspect: 'auth-failure', kind: rule.kind, source });
        break;
      }
    }

    if (mask & CRASH_ASPECT) {
      for (const rule of rulesOnLine(present, CRASH_BY_ANCHOR, CRASH_RULES)) {
        if (rule.families.length && family !== 'any' && !rule.families.includes(family)) continue;
        const m = rule.re.exec(rule.families.length ? message : text);
        if (!m) continue;
        this.crash(rule.kind, rule.victim !== undefined ? `killed: ${m[rule.victim]}` : m[0], example);
        break;
      }
    }

    if (mask & LIFECYCLE_ASPECT) {
      const key = format.envelope ? family : format.id;
      const lifecycle = LIFECYCLE_ANCHORS[key];
      const fmt = FORMAT_BY_ID.get(key) ?? format;
      if (lifecycle) {
        if (lifecycle.stopped.some((a) => present.has(a)) && (!fmt.stopped || fmt.stopped.test(message))) {
          this.group.running = false;
        } else if (lifecycle.started.some((a) => present.has(a)) && (!fmt.started || fmt.started.test(message))) {
          if (this.group.running && this.group.startedAt) {
            const prior = this.group.startedAt;
            this.crash(
              'unclean-shutdown',
              `started again without a clean shutdown since the start at ${prior.file}:${prior.line}`,
              example,
            );
          }
          this.group.running = true;
          this.group.startedAt = example();
        }
      }
    }
  }

  /** Finds the secrets of a line and reports them; returns the line with every secret masked. */
  private secrets(
    raw: string,
    text: string,
    line: number,
    present: LinePresence,
    anchored: boolean,
    engine: TextSecret[],
  ): string {
    const spans: Span[] = engineSpans(raw, engine);
    if (anchored) {
      // A JSON document logged inside a JSON string (a request body in a JSON access log) has its quotes escaped.
      if (text.includes('\\"')) text = text.replace(/\\"/g, '"');
      for (const m of text.matchAll(CREDENTIAL_ASSIGNMENT)) {
        const value = m[4];
        if (isMasked(value) || /^(?:true|false|\d{1,3}|required|yes|no|on|off)$/i.test(value)) continue;
        spans.push({ value, kind: 'password', detail: `${m[1]} given in clear` });
      }
      for (const m of text.matchAll(AUTHORIZATION_HEADER)) {
        if (!isMasked(m[2]))
          spans.push({ value: m[2], kind: 'authorization-header', detail: `HTTP ${m[1]} credentials` });
      }
      for (const m of text.matchAll(JSON_SECRET_FIELD)) this.namedValue(m[1], m[2], spans);
      for (const m of text.matchAll(URL_SECRET_PARAM)) {
        let value = m[2];
        try {
          value = decodeURIComponent(value.replace(/\+/g, ' '));
        } catch {
          // not percent-encoded after all: the raw value is the value
        }
        this.namedValue(m[1], value, spans, m[2]);
      }
      const inline = INLINE_PRIVATE_KEY.exec(text);
      if (inline) this.namedValue('privateKey', inline[1], spans);
      if (/(?:^|\s)Private Keys\s*$/.test(text)) this.pending = { kind: 'key-list', left: CONTEXT_LINES, found: 0 };
      for (const method of Object.keys(SECRET_RPC_PARAMS)) {
        if (!present.has(method)) continue;
        const after = text.slice(text.indexOf(method) + method.length);
        const list = /"params"\s*:\s*(\[.*?\])\s*[,}]/.exec(after) ?? /^\W{0,3}\s*(\[.*\])/.exec(after);
        let params: unknown[] | undefined;
        try {
          params = list ? (JSON.parse(list[1]) as unknown[]) : undefined;
        } catch {
          params = undefined;
        }
        if (Array.isArray(params))
          params.forEach((v, i) => typeof v === 'string' && this.rpcParam(method, i, v, spans));
        else if (/\[\s*$/.test(after)) this.pending = { kind: 'rpc-params', method, left: CONTEXT_LINES, index: 0 };
      }
    }
    return this.reportSecrets(raw, line, spans);
  }

  /** Reports the secrets found in a line, each once, with the line masked; returns the masked line. */
  private reportSecrets(raw: string, line: number, spans: Span[]): string {
    if (!spans.length) return raw;
    const unique = spans.filter((sp, i) => sp.value && spans.findIndex((o) => o.value === sp.value) === i);
    let masked = raw;
    for (const sp of unique) masked = masked.split(sp.value).join(maskSecret(sp.value));
    const text = shown(toUtf8(masked));
    for (const sp of unique) this.secret(sp.kind, sp.detail, sp.wellKnown, { file: this.file.path, line, text });
    return masked;
  }

  /** A value under a secret-sounding name: key material is confirmed by the secrets engine, passwords are taken as they are. */
  private namedValue(name: string, value: string, spans: Span[], written = value): void {
    if (isMasked(value)) return;
    const n = name.toLowerCase();
    if (n === 'authorization') {
      const m = /^(Basic|Bearer)\s+(\S{8,})$/i.exec(value);
      if (m) spans.push({ value: m[2], kind: 'authorization-header', detail: `HTTP ${m[1]} credentials` });
      return;
    }
    if (/^(?:pass|password|passwd|passphrase|pwd|secret|token|apikey|api_key)$/.test(n)) {
      spans.push({ value: written, kind: 'password', detail: `${name} given in clear` });
      return;
    }
    const probe = /mnemonic|seed/.test(n) ? `mnemonic: ${value}` : `private_key = "${value}"`;
    let h = PROBES.get(probe);
    if (h === undefined) {
      h = scanLines(Buffer.from(probe, 'utf8'), this.file.path)[0] ?? null;
      if (PROBES.size >= MAX_PROBES) PROBES.clear();
      PROBES.set(probe, h);
    }
    if (h) spans.push({ value: written, kind: h.kind, detail: `${name}: ${h.detail}`, wellKnown: h.wellKnown });
  }

  private keyValue(raw: string, line: number, value: string, where: string, engine: TextSecret[]): void {
    const spans = engineSpans(raw, engine);
    if (!spans.length) this.namedValue('privateKey', value, spans);
    for (const sp of spans) sp.detail = `${sp.detail} (${where})`;
    this.reportSecrets(raw, line, spans);
  }

  private rpcParam(method: string, index: number, value: string, spans: Span[]): void {
    const which = SECRET_RPC_PARAMS[method];
    if (index === which.key) this.namedValue('privateKey', value, spans);
    if (index === which.passphrase && !isMasked(value))
      spans.push({ value, kind: 'password', detail: `passphrase given to ${method}` });
  }

  private secret(kind: string, detail: string, wellKnown: string | undefined, at: Example): void {
    this.s.secretCount++;
    if (this.s.secrets.length < MAX_SECRETS_LISTED)
      this.s.secrets.push({ ...at, kind, detail, ...(wellKnown ? { wellKnown } : {}) });
    this.onLine?.({ ...at, aspect: 'secret', kind, detail, wellKnown });
  }

  private error(classId: string, token: string, example: () => Example): void {
    let e = this.s.errors.get(classId);
    if (!e) {
      e = { count: 0, reasons: new Map<string, number>(), examples: [] };
      this.s.errors.set(classId, e);
    }
    e.count++;
    e.reasons.set(token, (e.reasons.get(token) ?? 0) + 1);
    if (e.examples.length < EXAMPLES) e.examples.push(example());
  }

  private authFailure(source: string, kind: AuthKind, example: () => Example): void {
    let a = this.s.authFailures.get(source);
    if (!a) {
      if (this.s.authFailures.size >= MAX_AUTH_SOURCES) {
        this.s.authUntracked++;
        return;
      }
      a = { count: 0, kinds: new Map(), examples: [] };
      this.s.authFailures.set(source, a);
    }
    a.count++;
    a.kinds.set(kind, (a.kinds.get(kind) ?? 0) + 1);
    if (a.examples.length < EXAMPLES) a.examples.push(example());
  }

  private crash(kind: CrashKind, detail: string, example: () => Example): void {
    const c = this.s.crashes.get(kind) ?? { count: 0, examples: [] };
    c.count++;
    if (c.examples.length < CRASH_EXAMPLES) c.examples.push({ ...example(), detail });
    this.s.crashes.set(kind, c);
    this.onLine?.({ ...example(), aspect: 'crash', kind, detail });
  }

  report(): FileReport {
    const format = this.format ?? detectFormat([]).format;
    const timestamped = format.timestamped && format.recordStart ? this.recordStarts : 0;
    const records =
      format.timestamped && format.recordStart
        ? this.recordStarts + this.headRecords
        : Math.max(0, this.lines - this.blank - this.indented - this.bannerLines);
    return {
      path: this.file.path,
      ...(this.skipped ? { skipped: this.skipped } : {}),
      group: this.file.group,
      compressed: this.file.compressed,
      bytes: this.bytes,
      format: format.id,
      formatTitle: format.title,
      lines: this.lines,
      records,
      timestamped,
      earliest: this.earliest,
      latest: this.latest,
    };
  }

  get isNodeLog(): boolean {
    const f = this.format;
    return (
      f !== undefined && (f.envelope || f.id === 'json' ? this.nodeLines : NODE_FAMILIES.has(familyOf(f, undefined)))
    );
  }
}

/** Values already put to the secrets engine (a development node prints the same keys at every start). */
const PROBES = new Map<string, TextSecret | null>();
const MAX_PROBES = 4096;

const BINARY_PROBE = 8192;

/** A text log has no NUL byte and few control characters in its first bytes (LevelDB's .log files have many). */
function isBinary(text: Uint8Array): boolean {
  const probe = text.subarray(0, BINARY_PROBE);
  let control = 0;
  for (const b of probe) if (b === 0 || (b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 0x1b)) control++;
  return probe.length > 0 && control / probe.length > 0.1;
}

const NO_SECRETS: TextSecret[] = [];

function byAnchor(rules: { anchor: string }[]): Map<string, number[]> {
  const m = new Map<string, number[]>();
  rules.forEach((r, i) => m.set(r.anchor, [...(m.get(r.anchor) ?? []), i]));
  return m;
}
const AUTH_BY_ANCHOR = byAnchor(AUTH_RULES);
const CRASH_BY_ANCHOR = byAnchor(CRASH_RULES);

/** The rules whose anchor is on the line, in the order of the rule list (which decides between them). */
function rulesOnLine<R>(present: Iterable<string>, index: Map<string, number[]>, rules: R[]): R[] {
  let found: number[] | undefined;
  for (const literal of present) {
    const at = index.get(literal);
    if (at) found = found ? [...found, ...at] : at;
  }
  if (!found) return [];
  return (found.length > 1 ? [...found].sort((a, b) => a - b) : found).map((i) => rules[i]);
}

/** The anchor literals on the line being read, without a new set per line. */
class LinePresence implements Iterable<string> {
  private readonly stamp: Int32Array;
  private readonly current: number[] = [];
  private line = 0;

  constructor(
    private readonly literals: string[],
    private readonly index: Map<string, number>,
  ) {
    this.stamp = new Int32Array(literals.length);
  }

  next(): void {
    this.line++;
    this.current.length = 0;
  }

  add(literal: number): void {
    if (this.stamp[literal] === this.line) return;
    this.stamp[literal] = this.line;
    this.current.push(literal);
  }

  has(literal: string): boolean {
    const i = this.index.get(literal);
    return i !== undefined && this.stamp[i] === this.line;
  }

  *[Symbol.iterator](): IterableIterator<string> {
    for (const i of this.current) yield this.literals[i];
  }
}

interface Span {
  value: string;
  kind: string;
  detail: string;
  wellKnown?: string;
}

function engineSpans(raw: string, engine: TextSecret[]): Span[] {
  return engine.map((h) => ({
    value: raw.substr(h.offset, h.secret.length),
    kind: h.kind,
    detail: h.detail,
    wellKnown: h.wellKnown,
  }));
}

function toUtf8(latin1: string): string {
  // Lines are matched as bytes (latin1); people read them as UTF-8.
  return /[\x80-\xff]/.test(latin1) ? Buffer.from(latin1, 'latin1').toString('utf8') : latin1;
}

function forcedFormat(format: string | undefined): LogFormat | undefined {
  if (!format || format === 'auto') return undefined;
  const f = FORMAT_BY_ID.get(FORMAT_ALIASES[format] ?? format);
  if (!f) throw new Error(`unknown log format "${format}" (known: auto, ${[...FORMAT_BY_ID.keys()].join(', ')})`);
  return f;
}

/** Scans files in order (rotation groups oldest first) into one summary, in this thread. */
export async function scanFiles(
  files: LogFile[],
  options: Pick<LogScanOptions, 'errorRules' | 'format' | 'signal' | 'onLine'>,
  built?: CompiledAnchors,
): Promise<LogSummary> {
  const { compiled, anchors } = prepare(options.errorRules, built);
  const forced = forcedFormat(options.format);
  const s = emptySummary();
  const groups = new Map<string, GroupState>();
  for (const file of files) {
    if (options.signal?.aborted) {
      s.unread.push({ path: file.path, reason: 'the scan was stopped before this file', bytes: file.size });
      continue;
    }
    const group = groups.get(file.group) ?? { running: false };
    groups.set(file.group, group);
    const scanner = new FileScanner(file, compiled, anchors, s, group, options.onLine, forced);
    try {
      await readChunks(file, scanner, options.signal);
    } catch (err) {
      const r = scanner.report();
      s.unread.push({
        path: file.path,
        reason: options.signal?.aborted ? 'the scan was stopped in this file' : errorMessage(err),
        bytes: file.compressed ? undefined : Math.max(0, file.size - r.bytes),
      });
    }
    const r = scanner.report();
    s.files.push(r);
    if (scanner.isNodeLog) s.nodeFiles++;
    s.records += r.records;
    s.timestamped += r.timestamped;
    if (r.earliest !== undefined) s.earliest = Math.min(s.earliest ?? r.earliest, r.earliest);
    if (r.latest !== undefined) s.latest = Math.max(s.latest ?? r.latest, r.latest);
  }
  return s;
}

/** Folds summaries of disjoint sets of files, in order, keeping the first examples. */
export function mergeSummaries(parts: LogSummary[]): LogSummary {
  if (parts.length === 1) return parts[0];
  const s = emptySummary();
  for (const p of parts) {
    s.files.push(...p.files);
    s.unread.push(...p.unread);
    s.records += p.records;
    s.timestamped += p.timestamped;
    if (p.earliest !== undefined) s.earliest = Math.min(s.earliest ?? p.earliest, p.earliest);
    if (p.latest !== undefined) s.latest = Math.max(s.latest ?? p.latest, p.latest);
    s.untimestampedExamples.push(...p.untimestampedExamples.slice(0, EXAMPLES - s.untimestampedExamples.length));
    s.nodeFiles += p.nodeFiles;
    for (const [id, e] of p.errors) {
      const into = s.errors.get(id) ?? { count: 0, reasons: new Map<string, number>(), examples: [] };
      into.count += e.count;
      for (const [r, n] of e.reasons) into.reasons.set(r, (into.reasons.get(r) ?? 0) + n);
      into.examples.push(...e.examples.slice(0, EXAMPLES - into.examples.length));
      s.errors.set(id, into);
    }
    s.authUntracked += p.authUntracked;
    for (const [source, a] of p.authFailures) {
      let into = s.authFailures.get(source);
      if (!into) {
        if (s.authFailures.size >= MAX_AUTH_SOURCES) {
          s.authUntracked += a.count;
          continue;
        }
        into = { count: 0, kinds: new Map(), examples: [] };
        s.authFailures.set(source, into);
      }
      into.count += a.count;
      for (const [k, n] of a.kinds) into.kinds.set(k, (into.kinds.get(k) ?? 0) + n);
      into.examples.push(...a.examples.slice(0, EXAMPLES - into.examples.length));
    }
    for (const [kind, c] of p.crashes) {
      const into = s.crashes.get(kind) ?? { count: 0, examples: [] };
      into.count += c.count;
      into.examples.push(...c.examples.slice(0, CRASH_EXAMPLES - into.examples.length));
      s.crashes.set(kind, into);
    }
    s.secretCount += p.secretCount;
    s.secrets.push(...p.secrets.slice(0, MAX_SECRETS_LISTED - s.secrets.length));
  }
  return s;
}

/** Below this much log data, starting worker threads costs more than it saves. */
const POOL_MIN_BYTES = 64 * 1024 * 1024;

/**
 * One pass over the log files under a path: format per file, records and timestamps, errors by
 * class, failed logins by source, crashes, and secrets (masked). Whatever could not be read is in
 * `unread`; a caller must treat a summary with unread entries as incomplete. Large sets of files
 * are scanned by one worker thread per core, a rotation group per task.
 */
export async function scanLogs(path: string, options: LogScanOptions): Promise<LogSummary> {
  forcedFormat(options.format);
  prepare(options.errorRules);
  const listing = listLogFiles(path, { maxFiles: options.maxFiles ?? 5000, maxDepth: 8 });
  const groups = new Map<string, LogFile[]>();
  for (const f of listing.files) groups.set(f.group, [...(groups.get(f.group) ?? []), f]);
  const bytes = listing.files.reduce((n, f) => n + f.size, 0);
  const workers = Math.min(options.workers ?? availableParallelism(), groups.size);
  let parts: LogSummary[];
  if (options.onLine || workers <= 1 || bytes < POOL_MIN_BYTES) parts = [await scanFiles(listing.files, options)];
  else
    parts = await scanGroupsInPool(
      [...groups.values()],
      options,
      workers,
      prepare(options.errorRules).anchors.finder.compiled(),
    );
  const s = mergeSummaries(parts);
  s.unread.unshift(...listing.unread);
  return s;
}
