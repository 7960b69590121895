/**
 * Parsing of one Solidity source into the @solidity-parser/parser syntax tree.
 *
 * The fast path is a hand-written parser compiled to WebAssembly (@mradomski/fast-solidity-parser),
 * about twenty times faster than the ANTLR grammar; its tree has the same shape apart from a few
 * constructs normalised here, and no line/column positions, which are computed from the ranges.
 * Sources it rejects go to the ANTLR parser. Sources both reject are recovered: the declaration
 * (function, modifier, state variable, contract header …) around each syntax error is blanked out
 * and the rest parsed again, and the blanked lines are reported as skipped.
 */
import { createRequire } from 'node:module';
import { parse as fastParse } from '@mradomski/fast-solidity-parser';
import type { Node } from './types.js';
import { walk } from './walk.js';

export interface Version {
  major: number;
  minor: number;
  patch: number;
}

export interface PragmaInfo {
  value: string;
  node: Node;
  /** Lowest compiler version the pragma admits, when it can be read. */
  lowest: Version | null;
  floating: boolean;
}

/** Source lines left out of the analysis because they do not parse. */
export interface Skipped {
  line: number;
  endLine: number;
  reason: string;
}

export interface ParsedFile {
  ast: Node;
  source: string;
  pragmas: PragmaInfo[];
  /** Lowest admitted version, or a guess from the syntax when no pragma is given. */
  version: Version;
  skipped: Skipped[];
}

export class ParseFailure extends Error {}

export function compareVersion(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export function v(text: string): Version {
  const [major, minor, patch] = text.split('.').map(Number);
  return { major, minor: minor ?? 0, patch: patch ?? 0 };
}

function readPragma(value: string): { lowest: Version | null; floating: boolean } {
  const compact = value.replace(/\s+/g, ' ').trim();
  const versions = [...compact.matchAll(/(\^|~|>=|<=|>|<|=)?\s*v?(\d+)\.(\d+)(?:\.(\d+))?/g)];
  let lowest: Version | null = null;
  let floating = compact.includes('||') || compact.includes('*') || compact.includes(' - ');
  for (const m of versions) {
    const op = m[1] ?? '';
    const ver = { major: Number(m[2]), minor: Number(m[3]), patch: Number(m[4] ?? 0) };
    if (op === '^' || op === '~' || op === '>' || op === '>=') floating = true;
    if (op === '<' || op === '<=') continue;
    if (!lowest || compareVersion(ver, lowest) < 0) lowest = ver;
  }
  return { lowest, floating };
}

function guessVersion(source: string): Version {
  if (/\bunchecked\s*\{|\breceive\s*\(\s*\)|\{\s*value\s*:/.test(source)) return v('0.8.0');
  if (/\bsuicide\s*\(|\bthrow\s*;|\bsha3\s*\(|\bvar\s+\w+\s*=|\bconstant\s+returns|\.call\.value\s*\(/.test(source))
    return v('0.4.0');
  return v('0.5.0');
}

interface SyntaxProblem {
  message: string;
  /** Character offset of the offending token, when the parser says. */
  offset: number | null;
}

class SyntaxProblemError extends Error {
  constructor(readonly problem: SyntaxProblem) {
    super(problem.message);
  }
}

/** Byte offset in the UTF-8 encoding → character offset in the string. */
function charOffset(source: string, byteOffset: number): number {
  if (!/[^\x00-\x7f]/.test(source)) return byteOffset;
  return Buffer.from(source, 'utf8').subarray(0, byteOffset).toString('utf8').length;
}

function runFast(source: string): Node {
  // The WebAssembly module reports some lexer errors with console.log before failing; keep them off stdout.
  const log = console.log;
  console.log = () => undefined;
  try {
    return fastParse(source, { range: true }) as unknown as Node;
  } catch (err) {
    if (err instanceof RangeError) throw err;
    const message = String((err as Error).message ?? err);
    const m = message.match(/\[(\d+)\]:\s*(.*)$/s);
    throw new SyntaxProblemError({
      message: (m?.[2] ?? message).replace(/\s+/g, ' ').trim(),
      offset: m ? charOffset(source, Number(m[1])) : null,
    });
  } finally {
    console.log = log;
  }
}

type AntlrParse = (source: string, options: object) => unknown;
let antlrParse: AntlrParse | undefined;

/** The ANTLR parser loads slowly, so only sources the fast parser rejects pay for it. */
function runAntlr(source: string): Node {
  antlrParse ??= (createRequire(import.meta.url)('@solidity-parser/parser') as { parse: AntlrParse }).parse;
  try {
    return antlrParse(source, { loc: true, range: true, tolerant: false }) as Node;
  } catch (err) {
    if (err instanceof RangeError) throw err;
    const e = err as { errors?: { message: string; line?: number; column?: number }[]; message?: string };
    const first = e.errors?.[0];
    throw new SyntaxProblemError({
      message: `${first?.line ? `line ${first.line}:${first.column ?? 0}: ` : ''}${(first?.message ?? e.message ?? String(err)).slice(0, 200)}`,
      offset: first?.line ? offsetOf(source, first.line, first.column ?? 0) : null,
    });
  }
}

function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function offsetOf(source: string, line: number, column: number): number {
  const starts = lineStarts(source);
  return (starts[line - 1] ?? source.length) + column;
}

function position(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] };
}

/**
 * Brings the fast parser's tree to the ANTLR parser's shape: `throw` and `revert(...)` statements,
 * and line/column positions computed from the character ranges.
 */
function normalise(root: Node, source: string): Node {
  const starts = lineStarts(source);
  const stack: unknown[] = [root];
  while (stack.length) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) if (item && typeof item === 'object') stack.push(item);
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    const n = value as Node;
    if (typeof n.type !== 'string') {
      for (const key of Object.keys(n)) if (n[key] && typeof n[key] === 'object') stack.push(n[key]);
      continue;
    }
    if (n.type === 'ExpressionStatement' && n.expression?.type === 'Identifier' && n.expression.name === 'throw') {
      delete n.expression;
      n.type = 'ThrowStatement';
    } else if (n.type === 'RevertStatement' && n.revertCall?.type === 'TupleExpression') {
      const args: Node[] = n.revertCall.components ?? [];
      const keyword = { type: 'Identifier', name: 'revert', range: [n.range[0], n.range[0] + 5] } as unknown as Node;
      const call = {
        type: 'FunctionCall',
        expression: keyword,
        arguments: args,
        names: [],
        identifiers: [],
        range: [n.range[0], n.revertCall.range?.[1] ?? n.range[1] - 1],
      } as unknown as Node;
      delete n.revertCall;
      n.type = 'ExpressionStatement';
      n.expression = call;
    }
    if (n.range) n.loc = { start: position(starts, n.range[0]), end: position(starts, n.range[1]) };
    for (const key of Object.keys(n)) {
      if (key === 'loc' || key === 'range') continue;
      const child = n[key];
      if (child && typeof child === 'object') stack.push(child);
    }
  }
  return root;
}

/** Calls `visit` for every `{`, `}` and `;` outside comments and strings, with the brace depth before it; stops when it returns true. */
function scanStructure(source: string, visit: (i: number, c: string, depth: number) => boolean): void {
  let depth = 0;
  const n = source.length;
  for (let i = 0; i < n; i++) {
    const c = source[i];
    if (c === '/' && source[i + 1] === '/') {
      const e = source.indexOf('\n', i);
      i = e < 0 ? n : e;
    } else if (c === '/' && source[i + 1] === '*') {
      const e = source.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 1;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && source[j] !== c && source[j] !== '\n') j += source[j] === '\\' ? 2 : 1;
      i = j;
    } else if (c === '{' || c === '}' || c === ';') {
      if (visit(i, c, depth)) return;
      if (c === '{') depth++;
      else if (c === '}') depth = Math.max(0, depth - 1);
    }
  }
}

interface Piece {
  from: number;
  to: number;
}

/** Top-level declarations (contracts, pragmas, imports …) and, for each, its members, by brace structure alone. */
function outline(source: string): { unit: Piece; body: Piece | null; members: Piece[] }[] {
  const units: { unit: Piece; body: Piece | null; members: Piece[] }[] = [];
  let unitStart = 0;
  let memberStart = 0;
  let current: { unit: Piece; body: Piece | null; members: Piece[] } | null = null;
  scanStructure(source, (i, c, depth) => {
    if (depth === 0 && c === '{') {
      current = { unit: { from: unitStart, to: i }, body: { from: i, to: i }, members: [] };
      memberStart = i + 1;
    } else if (depth === 0 && c === ';') {
      units.push({ unit: { from: unitStart, to: i }, body: null, members: [] });
      unitStart = i + 1;
    } else if (depth === 0 && c === '}') {
      units.push({ unit: { from: i, to: i }, body: null, members: [] });
      unitStart = i + 1;
    } else if (current && ((depth === 1 && c === ';') || (depth === 2 && c === '}'))) {
      current.members.push({ from: memberStart, to: i });
      memberStart = i + 1;
    } else if (current && depth === 1 && c === '}') {
      if (source.slice(memberStart, i).trim()) current.members.push({ from: memberStart, to: i - 1 });
      current.unit.to = i;
      current.body!.to = i;
      units.push(current);
      current = null;
      unitStart = i + 1;
    }
    return false;
  });
  const open = current as { unit: Piece; body: Piece | null; members: Piece[] } | null;
  if (open) units.push({ ...open, unit: { from: open.unit.from, to: source.length - 1 } });
  else if (source.slice(unitStart).trim())
    units.push({ unit: { from: unitStart, to: source.length - 1 }, body: null, members: [] });
  return units;
}

/** The source with only the given pieces kept; everything else becomes spaces, so positions do not move. */
function keepOnly(source: string, pieces: Piece[]): string {
  const out = source.replace(/[^\n]/g, ' ').split('');
  for (const p of pieces) for (let i = p.from; i <= p.to; i++) out[i] = source[i];
  return out.join('');
}

function blank(source: string, pieces: Piece[]): string {
  const out = source.split('');
  for (const p of pieces) for (let i = p.from; i <= p.to; i++) if (out[i] !== '\n') out[i] = ' ';
  return out.join('');
}

function problemOf(text: string): SyntaxProblem | null {
  try {
    runFast(text);
    return null;
  } catch (err) {
    if (err instanceof SyntaxProblemError) return err.problem;
    if (err instanceof RangeError) return { message: 'nesting too deep', offset: null };
    throw err;
  }
}

/**
 * Finds what does not parse by parsing each top-level declaration alone, and within a failing contract
 * each member alone with the contract's header, then blanks exactly those pieces.
 */
function recover(source: string): { text: string; skipped: Skipped[] } {
  const starts = lineStarts(source);
  const dropped: { piece: Piece; message: string }[] = [];
  for (const { unit, body, members } of outline(source)) {
    const problem = problemOf(keepOnly(source, [unit]));
    if (!problem) continue;
    const header = body ? { from: unit.from, to: body.from } : null;
    const closing = body ? { from: body.to, to: body.to } : null;
    const badMembers = header
      ? members
          .map((m) => ({ piece: m, problem: problemOf(keepOnly(source, [header, m, closing!])) }))
          .filter((m) => m.problem)
      : [];
    const rest = header ? [header, ...members.filter((m) => !badMembers.some((b) => b.piece === m)), closing!] : [];
    if (header && badMembers.length && !problemOf(keepOnly(source, rest))) {
      for (const m of badMembers) dropped.push({ piece: m.piece, message: m.problem!.message });
    } else dropped.push({ piece: unit, message: problem.message });
  }
  const skipped = dropped.map(({ piece, message }) => {
    const lead = source.slice(piece.from, piece.to + 1).search(/\S/);
    return {
      line: position(starts, piece.from + Math.max(0, lead)).line,
      endLine: position(starts, piece.to).line,
      reason: `syntax error: ${message.slice(0, 160)}`,
    };
  });
  return {
    text: blank(
      source,
      dropped.map((d) => d.piece),
    ),
    skipped,
  };
}

/** `function constructor(` (an ordinary function in 0.4.22–0.4.24) spelt so the fast parser takes it; the name is restored after. */
const FUNCTION_CONSTRUCTOR = /\bfunction(\s+)constructor(\s*\()/g;
const STAND_IN = 'constructo_';

function runFastOldSpellings(source: string): Node | null {
  if (!FUNCTION_CONSTRUCTOR.test(source)) return null;
  const text = source.replace(FUNCTION_CONSTRUCTOR, `function$1${STAND_IN}$2`);
  try {
    const ast = normalise(runFast(text), source);
    walk(ast, (n) => {
      if (n.type === 'FunctionDefinition' && n.name === STAND_IN) n.name = 'constructor';
    });
    return ast;
  } catch (err) {
    if (err instanceof SyntaxProblemError) return null;
    throw err;
  }
}

function parseTree(source: string): { ast: Node; skipped: Skipped[] } {
  let firstProblem: SyntaxProblem;
  try {
    return { ast: normalise(runFast(source), source), skipped: [] };
  } catch (err) {
    if (!(err instanceof SyntaxProblemError)) throw err;
    firstProblem = err.problem;
  }
  const respelt = runFastOldSpellings(source);
  if (respelt) return { ast: respelt, skipped: [] };
  try {
    return { ast: runAntlr(source), skipped: [] };
  } catch (err) {
    if (!(err instanceof SyntaxProblemError)) throw err;
    if (err.problem.offset !== null) firstProblem = err.problem;
  }
  const { text, skipped } = recover(source);
  if (skipped.length && text.trim()) {
    try {
      return { ast: normalise(runFast(text), text), skipped };
    } catch (err) {
      if (!(err instanceof SyntaxProblemError)) throw err;
    }
  }
  const where =
    firstProblem.offset !== null ? ` at line ${position(lineStarts(source), firstProblem.offset).line}` : '';
  throw new ParseFailure(`syntax error${where}: ${firstProblem.message.slice(0, 200)}`);
}

/** Parses one source; what cannot be recovered becomes a ParseFailure naming the first syntax error. */
export function parseSource(source: string): ParsedFile {
  const { ast, skipped } = parseTree(source);
  const pragmas: PragmaInfo[] = [];
  for (const child of ast.children ?? []) {
    if (child.type === 'PragmaDirective' && child.name === 'solidity') {
      pragmas.push({ value: String(child.value), node: child, ...readPragma(String(child.value)) });
    }
  }
  const declared = pragmas.map((p) => p.lowest).filter((x): x is Version => x !== null);
  const version = declared.length ? declared.sort(compareVersion)[declared.length - 1] : guessVersion(source);
  return { ast, source, pragmas, version, skipped };
}
