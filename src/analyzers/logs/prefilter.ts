import { instantiateKernel } from '../../wasm.js';

/**
 * Finds the lines worth classifying: every occurrence of the rules' anchor literals, found by one
 * Aho-Corasick automaton that the WebAssembly kernel (assembly/logs-prefilter.ts) runs over the
 * raw bytes, and the line statistics (lines, blank lines, record starts) of each chunk. Nothing is
 * decoded and no regex runs until an anchor is found.
 */

interface Kernel {
  memory: WebAssembly.Memory;
  reserve(config: number, text: number, records: number): number;
  input(): number;
  records(): number;
  configure(longest: number): void;
  requireByte(offset: number, value: number, offset2: number, value2: number): void;
  scan(from: number, length: number): number;
  overflow(): number;
  lineStats(length: number, midLine: boolean): void;
  newlinesBetween(from: number, to: number): number;
  lineCount(): number;
  blankLineCount(): number;
  indentedLineCount(): number;
  recordStartCount(): number;
  firstRecordStart(): number;
  lastRecordStart(): number;
}

const MAX_STATES = 0x7fff;
const RECORD_CLASS_BYTES = 256;

/** Which lines start a record: their first byte is one of `first`, and one of `byteAt` (if set) holds. */
export interface RecordStart {
  first: string | ((byte: number) => boolean);
  byteAt?: { offset: number; value: string }[];
}

export interface LineStats {
  lines: number;
  blank: number;
  /** Lines starting with a space or tab: continuations in formats without timestamps. */
  indented: number;
  recordStarts: number;
  firstRecordStart: number;
  lastRecordStart: number;
}

/**
 * The anchor occurrences of one text, in order of where they end: occurrence i is literal
 * `literal[i]` at bytes [start[i], end[i]). Reused from one text to the next.
 */
export class AnchorHits {
  count = 0;
  literal = new Int32Array(1024);
  start = new Int32Array(1024);
  end = new Int32Array(1024);

  push(literal: number, start: number, end: number): void {
    if (this.count === this.literal.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.literal = grow(this.literal);
      this.start = grow(this.start);
      this.end = grow(this.end);
    }
    this.literal[this.count] = literal;
    this.start[this.count] = start;
    this.end[this.count] = end;
    this.count++;
  }
}

/** The compiled automaton: byte classes, the transition table and what ends in each state. */
/** A compiled automaton as plain data, to hand to a worker thread instead of building it again. */
export interface CompiledAnchors {
  literals: string[];
  classOf: Uint8Array;
  table: Uint16Array;
  outputs: number[][];
}

/** Byte classes per row: every distinct byte of the literals has its own, the rest share class 0. */
const ROW = 128;

class Automaton {
  readonly classOf: Uint8Array;
  /** Next state by state and byte class (rows of ROW); bit 15 marks a state where some literal ends. */
  readonly table: Uint16Array;
  /** Literal indices ending in each state (through failure links too). */
  readonly outputs: number[][];

  constructor(
    readonly literals: Uint8Array[],
    built?: { classOf: Uint8Array; table: Uint16Array; outputs: number[][] },
  ) {
    if (built) {
      this.classOf = built.classOf;
      this.table = built.table;
      this.outputs = built.outputs;
      return;
    }
    const classOf = new Uint8Array(256);
    let classes = 1;
    for (const lit of literals) for (const b of lit) if (!classOf[b]) classOf[b] = classes++;
    if (classes > ROW) throw new RangeError(`log anchors use ${classes - 1} distinct bytes (at most ${ROW - 1})`);
    this.classOf = classOf;
    // The trie, as rows of ROW (0 = no edge; no edge leads back to the root).
    const total = literals.reduce((n, l) => n + l.length, 1);
    if (total > MAX_STATES)
      throw new RangeError(`log anchors need up to ${total} automaton states (at most ${MAX_STATES})`);
    const trie = new Uint16Array(total * ROW);
    let states = 1;
    const ends: number[][] = [[]];
    for (let index = 0; index < literals.length; index++) {
      const lit = literals[index];
      let s = 0;
      for (let i = 0; i < lit.length; i++) {
        const at = s * ROW + classOf[lit[i]];
        if (trie[at] === 0) {
          trie[at] = states++;
          ends.push([]);
        }
        s = trie[at];
      }
      ends[s].push(index);
    }
    // Breadth first, each state's row starts as a copy of its failure state's row and then takes
    // its own edges: the result is the complete transition function.
    const table = new Uint16Array(states * ROW);
    const fail = new Int32Array(states);
    const order: number[] = [];
    for (let c = 1; c < ROW; c++) {
      const t = trie[c];
      if (t) {
        table[c] = t;
        order.push(t);
      }
    }
    for (let head = 0; head < order.length; head++) {
      const s = order[head];
      const f = fail[s];
      ends[s].push(...ends[f]);
      table.copyWithin(s * ROW, f * ROW, f * ROW + ROW);
      for (let c = 1; c < ROW; c++) {
        const t = trie[s * ROW + c];
        if (!t) continue;
        fail[t] = table[f * ROW + c];
        table[s * ROW + c] = t;
        order.push(t);
      }
    }
    const ending = Uint8Array.from(ends, (e) => (e.length ? 1 : 0));
    for (let i = 0; i < table.length; i++) if (ending[table[i]]) table[i] |= 0x8000;
    this.table = table;
    this.outputs = ends;
  }
}

let kernel: Kernel | undefined;
let loaded: LiteralFinder | undefined;
let capacity = 0;

function theKernel(): Kernel {
  kernel ??= instantiateKernel<Kernel>(new URL('./prefilter.wasm', import.meta.url), 'logs prefilter');
  return kernel;
}

/** A set of anchor literals, compiled once and scanned for in as many texts as needed. */
export class LiteralFinder {
  private readonly automaton: Automaton;
  private readonly longest: number;

  constructor(
    readonly literals: string[],
    built?: CompiledAnchors,
  ) {
    if (literals.some((l) => l.length < 3 || l.includes('\n')))
      throw new RangeError('log anchor literals are at least three bytes long and hold no newline');
    if (built && (built.literals.length !== literals.length || built.literals.some((l, i) => l !== literals[i])))
      throw new Error('a compiled automaton handed over for other literals');
    this.automaton = new Automaton(
      literals.map((l) => Buffer.from(l, 'latin1')),
      built,
    );
    this.longest = Math.max(1, ...literals.map((l) => l.length));
  }

  /** The automaton as plain data (see CompiledAnchors). */
  compiled(): CompiledAnchors {
    return {
      literals: this.literals,
      classOf: this.automaton.classOf,
      table: this.automaton.table,
      outputs: this.automaton.outputs,
    };
  }

  private get configBytes(): number {
    return RECORD_CLASS_BYTES + 256 + this.automaton.table.byteLength;
  }

  /**
   * A view of the kernel's text area, `bytes` long, to read a chunk into; valid until the next
   * call into this module with a larger size.
   */
  textArea(bytes: number): Uint8Array {
    const k = this.load(bytes);
    return new Uint8Array(k.memory.buffer, k.input(), bytes);
  }

  private load(textBytes: number): Kernel {
    const k = theKernel();
    if (loaded !== this || textBytes > capacity) {
      const records = Math.max(1024, Math.ceil(textBytes / 8));
      if (!k.reserve(this.configBytes, textBytes, records))
        throw new RangeError(`logs prefilter: ${textBytes} bytes do not fit in its memory`);
      const base = k.input() - alignedConfig(this.configBytes);
      new Uint8Array(k.memory.buffer, base + RECORD_CLASS_BYTES, 256).set(this.automaton.classOf);
      new Uint8Array(k.memory.buffer, base + RECORD_CLASS_BYTES + 256, this.automaton.table.byteLength).set(
        new Uint8Array(this.automaton.table.buffer, this.automaton.table.byteOffset, this.automaton.table.byteLength),
      );
      k.configure(this.longest);
      loaded = this;
      capacity = textBytes;
    }
    return k;
  }

  private place(text: Uint8Array): Kernel {
    const k = this.load(text.length);
    if (text.buffer !== k.memory.buffer || text.byteOffset !== k.input())
      new Uint8Array(k.memory.buffer, k.input(), text.length).set(text);
    return k;
  }

  private readonly hits = new AnchorHits();

  /** Every anchor occurrence in `text`, in position order (valid until the next call). */
  find(text: Uint8Array): AnchorHits {
    const hits = this.hits;
    hits.count = 0;
    const { literals, outputs } = this.automaton;
    const k = this.place(text);
    let from = 0;
    let acceptedThrough = -1;
    while (from < text.length) {
      const count = k.scan(from, text.length);
      const overflow = k.overflow();
      let limit = text.length;
      let next = text.length;
      if (overflow >= 0) {
        // Too many anchors for the record area: go on from the start of the line that overflowed
        // (or, inside one enormous line, from just before the first anchor that did not fit).
        const lineStart = overflow > 0 ? text.lastIndexOf(10, overflow - 1) + 1 : 0;
        limit = lineStart > from ? lineStart : overflow;
        next = lineStart > from ? lineStart : Math.max(from + 1, overflow - this.longest + 1);
      }
      const records = new Uint32Array(k.memory.buffer, k.records(), count * 2);
      for (let i = 0; i < count; i++) {
        const last = records[2 * i];
        if (last >= limit) break;
        if (last <= acceptedThrough) continue;
        acceptedThrough = last;
        const end = last + 1;
        for (const literal of outputs[records[2 * i + 1]]) hits.push(literal, end - literals[literal].length, end);
      }
      from = next;
    }
    return hits;
  }

  /** Line statistics of `text` (which starts at a line start), for the given record-start rule. */
  lineStats(text: Uint8Array, start: RecordStart | undefined, midLine = false): LineStats {
    const k = this.place(text);
    const base = k.input() - alignedConfig(this.configBytes);
    const classes = new Uint8Array(k.memory.buffer, base, RECORD_CLASS_BYTES);
    classes.fill(0);
    if (start) {
      for (let b = 0; b < 256; b++) {
        const ok = typeof start.first === 'string' ? start.first.includes(String.fromCharCode(b)) : start.first(b);
        if (ok && b !== 10 && b !== 13) classes[b] = 1;
      }
      const [a, b] = start.byteAt ?? [];
      k.requireByte(a?.offset ?? -1, a ? a.value.charCodeAt(0) : 0, b?.offset ?? -1, b ? b.value.charCodeAt(0) : 0);
    }
    k.lineStats(text.length, midLine);
    return {
      lines: k.lineCount(),
      blank: k.blankLineCount(),
      indented: k.indentedLineCount(),
      recordStarts: k.recordStartCount(),
      firstRecordStart: k.firstRecordStart(),
      lastRecordStart: k.lastRecordStart(),
    };
  }
}

/** Newlines in [from, to) of the text of the last find() or lineStats(). */
export function newlinesBetween(from: number, to: number): number {
  return theKernel().newlinesBetween(from, to);
}

function alignedConfig(bytes: number): number {
  return (bytes + 15) & ~15;
}
