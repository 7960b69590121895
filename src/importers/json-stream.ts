/**
 * A streaming JSON reader that hands over only the values at chosen paths, each parsed on its own
 * by JSON.parse. Everything else is scanned and validated for structure but never built, so a
 * 200 MB report holds one result in memory at a time.
 *
 * A path is a list of segments: an object key, or `*` for any key or array index. The pattern
 * `['runs', '*', 'results', '*']` selects every SARIF result; `['version']` the top-level version.
 */

export type PathSegment = string | number;

export interface Selected {
  /** Index of the pattern that matched. */
  pattern: number;
  path: PathSegment[];
  value: unknown;
}

export interface JsonStreamLimits {
  /** Largest single selected value, in bytes. */
  maxValueBytes: number;
  /** Deepest nesting accepted. */
  maxDepth: number;
}

export class JsonStreamError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly path: string,
  ) {
    super(message);
    this.name = 'JsonStreamError';
  }
}

export function pathText(path: PathSegment[]): string {
  return path.length
    ? path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('')
    : '(top level)';
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;

const OBJECT = 1;
const ARRAY = 2;

/** What the scanner expects next, outside strings. */
const enum Expect {
  Value,
  /** A key or `}` right after `{`. */
  KeyOrEnd,
  Key,
  Colon,
  /** `,` or the container's end. */
  CommaOrEnd,
  /** A value or `]` right after `[`. */
  ValueOrEnd,
  Done,
}

const LITERAL = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)$/;

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isLiteralByte(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x45;
}

/**
 * Parses JSON from byte chunks, yielding the values whose path matches one of `patterns`. Throws
 * JsonStreamError (with the byte offset and the path) on anything that is not JSON.
 */
export class JsonSelector {
  private readonly patterns: string[][];
  private readonly presence: string[][];
  /** Deepest pattern length: keys below it are never needed. */
  private readonly keyDepth: number;
  private types: Uint8Array;
  private keys: (string | null)[] = [];
  private indexes: number[] = [];
  private depth = 0;
  private expect: Expect = Expect.Value;
  private inString = false;
  private stringIsKey = false;
  private stringParts: Buffer[] | null = null;
  private trailingBackslashes = 0;
  private literal = '';
  private offset = 0;
  /** Capture of a selected value in progress: its chunks, the depth it started at, its size so far. */
  private capture: Buffer[] | null = null;
  private captureDepth = -1;
  private captureSize = 0;
  private capturePattern = -1;
  private captureStart = 0;
  private stringStart = 0;
  private captureIsScalar = false;
  private out: Selected[] = [];

  /**
   * `presence` patterns report that a value starts there (value undefined, pattern index after the
   * captured ones) without keeping it, to learn that `results` exists while its elements are selected.
   */
  constructor(
    patterns: PathSegment[][],
    private readonly limits: JsonStreamLimits = { maxValueBytes: 64 << 20, maxDepth: 512 },
    presence: PathSegment[][] = [],
  ) {
    this.patterns = patterns.map((p) => p.map(String));
    this.presence = presence.map((p) => p.map(String));
    this.keyDepth = Math.max(0, ...patterns.map((p) => p.length), ...presence.map((p) => p.length));
    this.types = new Uint8Array(limits.maxDepth + 2);
  }

  private currentPath(): PathSegment[] {
    const path: PathSegment[] = [];
    for (let d = 1; d <= this.depth; d++) {
      if (this.types[d] === OBJECT) path.push(this.keys[d] ?? '…');
      else path.push(this.indexes[d] ?? 0);
    }
    return path;
  }

  private fail(message: string, at: number): never {
    throw new JsonStreamError(message, at, pathText(this.currentPath()));
  }

  /** The pattern the value about to start (at the current depth's slot) matches, or -1. */
  private matchHere(patterns: string[][] = this.patterns): number {
    const d = this.depth;
    for (let p = 0; p < patterns.length; p++) {
      const pat = patterns[p];
      if (pat.length !== d) continue;
      let ok = true;
      for (let i = 0; i < d && ok; i++) {
        const seg = pat[i];
        if (seg === '*') continue;
        const level = i + 1;
        ok = this.types[level] === OBJECT ? this.keys[level] === seg : String(this.indexes[level]) === seg;
      }
      if (ok) return p;
    }
    return -1;
  }

  private startCapture(at: number, scalar: boolean): void {
    if (this.presence.length) {
      const seen = this.matchHere(this.presence);
      if (seen >= 0)
        this.out.push({ pattern: this.patterns.length + seen, path: this.currentPath(), value: undefined });
    }
    const p = this.matchHere();
    if (p < 0) return;
    this.capture = [];
    this.captureDepth = this.depth;
    this.captureSize = 0;
    this.capturePattern = p;
    this.captureIsScalar = scalar;
    this.captureStart = at;
  }

  private appendCapture(chunk: Buffer, from: number, to: number): void {
    if (!this.capture || to <= from) return;
    this.captureSize += to - from;
    if (this.captureSize > this.limits.maxValueBytes)
      this.fail(`a single value is larger than the ${this.limits.maxValueBytes}-byte limit`, this.offset + from);
    this.capture.push(chunk.subarray(from, to));
  }

  private finishCapture(chunk: Buffer, end: number): void {
    this.appendCapture(chunk, this.captureStart, end);
    const parts = this.capture!;
    this.capture = null;
    const text = parts.length === 1 ? parts[0].toString('utf8') : Buffer.concat(parts).toString('utf8');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      this.fail(`not valid JSON: ${(err as Error).message}`, this.offset + end);
    }
    this.out.push({ pattern: this.capturePattern, path: this.currentPath(), value });
  }

  /** A value (of any kind) begins at `at`; called before the container is pushed or the scalar read. */
  private beginValue(): void {
    if (this.expect === Expect.Value || this.expect === Expect.ValueOrEnd) {
      this.expect = Expect.CommaOrEnd;
      return;
    }
    this.fail(this.expectText(), this.offset);
  }

  private expectText(): string {
    switch (this.expect) {
      case Expect.KeyOrEnd:
        return 'expected a key or "}"';
      case Expect.Key:
        return 'expected a key';
      case Expect.Colon:
        return 'expected ":"';
      case Expect.CommaOrEnd:
        return this.types[this.depth] === OBJECT ? 'expected "," or "}"' : 'expected "," or "]"';
      case Expect.Done:
        return 'unexpected content after the end of the document';
      default:
        return 'expected a value';
    }
  }

  private endLiteral(chunk: Buffer, at: number): void {
    if (!this.literal) return;
    if (!LITERAL.test(this.literal)) this.fail(`unexpected "${this.literal.slice(0, 20)}"`, this.offset + at);
    this.literal = '';
    if (this.capture && this.captureIsScalar && this.captureDepth === this.depth) this.finishCapture(chunk, at);
    if (this.depth === 0) this.expect = Expect.Done;
  }

  /** Feeds one chunk; returns the values completed in it. */
  write(chunk: Buffer): Selected[] {
    this.out = [];
    if (this.capture) this.captureStart = 0;
    const len = chunk.length;
    let i = 0;
    while (i < len) {
      if (this.inString) {
        i = this.scanString(chunk, i);
        continue;
      }
      const c = chunk[i];
      if (this.literal) {
        if (isLiteralByte(c)) {
          this.literal += String.fromCharCode(c);
          if (this.literal.length > 400) this.fail('a number or literal is too long', this.offset + i);
          i++;
          continue;
        }
        this.endLiteral(chunk, i);
      }
      switch (c) {
        case QUOTE: {
          if (this.expect === Expect.Key || this.expect === Expect.KeyOrEnd) {
            this.stringIsKey = true;
            this.expect = Expect.Colon;
          } else {
            this.beginValue();
            this.stringIsKey = false;
            if (!this.capture) this.startCapture(i, true);
          }
          this.inString = true;
          this.trailingBackslashes = 0;
          this.stringParts = this.stringIsKey && this.depth <= this.keyDepth ? [] : null;
          i++;
          this.stringStart = i;
          break;
        }
        case OPEN_OBJECT:
        case OPEN_ARRAY: {
          this.beginValue();
          if (!this.capture) this.startCapture(i, false);
          if (this.depth >= this.limits.maxDepth)
            this.fail(`nesting deeper than ${this.limits.maxDepth}`, this.offset + i);
          this.depth++;
          this.types[this.depth] = c === OPEN_OBJECT ? OBJECT : ARRAY;
          this.keys[this.depth] = null;
          this.indexes[this.depth] = 0;
          this.expect = c === OPEN_OBJECT ? Expect.KeyOrEnd : Expect.ValueOrEnd;
          i++;
          break;
        }
        case CLOSE_OBJECT:
        case CLOSE_ARRAY: {
          const type = c === CLOSE_OBJECT ? OBJECT : ARRAY;
          if (this.depth === 0 || this.types[this.depth] !== type)
            this.fail(`unexpected "${String.fromCharCode(c)}"`, this.offset + i);
          const emptyOk = type === OBJECT ? this.expect === Expect.KeyOrEnd : this.expect === Expect.ValueOrEnd;
          if (!emptyOk && this.expect !== Expect.CommaOrEnd) this.fail(this.expectText(), this.offset + i);
          this.depth--;
          if (this.capture && !this.captureIsScalar && this.depth === this.captureDepth)
            this.finishCapture(chunk, i + 1);
          this.expect = this.depth === 0 ? Expect.Done : Expect.CommaOrEnd;
          i++;
          break;
        }
        case COLON:
          if (this.expect !== Expect.Colon) this.fail(this.expectText(), this.offset + i);
          this.expect = Expect.Value;
          i++;
          break;
        case COMMA:
          if (this.expect !== Expect.CommaOrEnd || this.depth === 0) this.fail(this.expectText(), this.offset + i);
          if (this.types[this.depth] === OBJECT) this.expect = Expect.Key;
          else {
            this.indexes[this.depth]++;
            this.expect = Expect.Value;
          }
          i++;
          break;
        default:
          if (isWhitespace(c)) {
            i++;
            break;
          }
          if (isLiteralByte(c)) {
            this.beginValue();
            if (!this.capture) this.startCapture(i, true);
            this.literal = String.fromCharCode(c);
            i++;
            break;
          }
          this.fail(`unexpected byte 0x${c.toString(16).padStart(2, '0')}`, this.offset + i);
      }
    }
    if (this.capture) this.appendCapture(chunk, this.captureStart, len);
    if (this.stringParts && this.inString) this.stringParts.push(chunk.subarray(this.stringStart, len));
    this.stringStart = 0;
    this.offset += len;
    return this.out;
  }

  /** Scans inside a string from `i`; returns where scanning continues. */
  private scanString(chunk: Buffer, i: number): number {
    let from = i;
    for (;;) {
      const q = chunk.indexOf(QUOTE, from);
      if (q < 0) {
        let k = chunk.length - 1;
        let run = 0;
        while (k >= from && chunk[k] === BACKSLASH) {
          run++;
          k--;
        }
        this.trailingBackslashes = k < from && from === i ? this.trailingBackslashes + run : run;
        return chunk.length;
      }
      let k = q - 1;
      let run = 0;
      while (k >= i && chunk[k] === BACKSLASH) {
        run++;
        k--;
      }
      if (k < i) run += this.trailingBackslashes;
      this.trailingBackslashes = 0;
      if (run % 2 === 1) {
        from = q + 1;
        continue;
      }
      this.inString = false;
      if (this.stringIsKey) {
        if (this.stringParts) {
          this.stringParts.push(chunk.subarray(this.stringStart, q));
          const raw = this.stringParts.length === 1 ? this.stringParts[0] : Buffer.concat(this.stringParts);
          this.keys[this.depth] = raw.includes(BACKSLASH) ? this.decodeKey(raw, q) : raw.toString('utf8');
          this.stringParts = null;
        } else this.keys[this.depth] = null;
      } else if (this.capture && this.captureIsScalar && this.captureDepth === this.depth) {
        this.finishCapture(chunk, q + 1);
        if (this.depth === 0) this.expect = Expect.Done;
      } else if (this.depth === 0) this.expect = Expect.Done;
      return q + 1;
    }
  }

  private decodeKey(raw: Buffer, at: number): string {
    try {
      return JSON.parse(`"${raw.toString('utf8')}"`) as string;
    } catch {
      this.fail('a key is not a valid JSON string', this.offset + at);
    }
  }

  /** Call after the last chunk: a document that stopped early is an error. */
  end(): void {
    if (this.literal) this.endLiteral(Buffer.alloc(0), 0);
    if (this.inString) this.fail('the document ends inside a string', this.offset);
    if (this.depth > 0) this.fail(`the document ends before its ${this.depth} open container(s) close`, this.offset);
    if (this.expect !== Expect.Done) this.fail('the document is empty', this.offset);
  }
}
