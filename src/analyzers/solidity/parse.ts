import { parse } from '@solidity-parser/parser';
import type { Node } from './types.js';

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

export interface ParsedFile {
  ast: Node;
  source: string;
  pragmas: PragmaInfo[];
  /** Lowest admitted version, or a guess from the syntax when no pragma is given. */
  version: Version;
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

/** Parses one source; syntax errors become a ParseFailure naming line and column. */
export function parseSource(source: string): ParsedFile {
  let ast: Node;
  try {
    ast = parse(source, { loc: true, range: true, tolerant: false }) as unknown as Node;
  } catch (err) {
    const e = err as { errors?: { message: string; line?: number; column?: number }[]; message?: string };
    const first = e.errors?.[0];
    const where = first?.line ? ` at line ${first.line}:${first.column ?? 0}` : '';
    throw new ParseFailure(`syntax error${where}: ${(first?.message ?? e.message ?? String(err)).slice(0, 200)}`);
  }
  const pragmas: PragmaInfo[] = [];
  for (const child of ast.children ?? []) {
    if (child.type === 'PragmaDirective' && child.name === 'solidity') {
      pragmas.push({ value: String(child.value), node: child, ...readPragma(String(child.value)) });
    }
  }
  const declared = pragmas.map((p) => p.lowest).filter((x): x is Version => x !== null);
  const version = declared.length ? declared.sort(compareVersion)[declared.length - 1] : guessVersion(source);
  return { ast, source, pragmas, version };
}
