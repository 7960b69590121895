import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { ZodIssue } from 'zod';
import { readTextFileSync } from '../clients/files.js';
import { InputError } from '../errors.js';
import { scopeSchema, type Scope } from './schema.js';

const MAX_SCOPE_BYTES = 1024 * 1024;

/** Reads a YAML file with a size bound; parse errors name the file, line and column. */
export function readYamlFile(
  file: string,
  maxBytes = MAX_SCOPE_BYTES,
): { doc: Document; lines: LineCounter; data: unknown } {
  // only a regular file, read within the bound: /dev/zero, a FIFO or a growing file are refused, never read
  const text = readTextFileSync(file, { maxBytes });
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    const pos = lines.linePos(first.pos[0]);
    throw new InputError(`${file}:${pos.line}:${pos.col}: invalid YAML: ${first.message.split('\n')[0]}`);
  }
  return { doc, lines, data: doc.toJS({ maxAliasCount: 100 }) };
}

/** Turns schema issues into "file:line: field: message" lines by locating each issue's path in the YAML tree. */
export function describeIssues(file: string, doc: Document, lines: LineCounter, issues: ZodIssue[]): string {
  return issues
    .slice(0, 20)
    .map((issue) => {
      let path = issue.path;
      let node: unknown = undefined;
      while (path.length > 0) {
        node = doc.getIn(path, true);
        if (isNode(node)) break;
        path = path.slice(0, -1);
      }
      const range = isNode(node) ? node.range : undefined;
      const where = range ? `:${lines.linePos(range[0]).line}` : '';
      const field = issue.path.length ? issue.path.join('.') : '(top level)';
      return `${file}${where}: ${field}: ${issue.message}`;
    })
    .join('\n');
}

export function loadScope(file: string): Scope {
  const abs = resolve(file);
  const { doc, lines, data } = readYamlFile(abs);
  const parsed = scopeSchema.safeParse(data);
  if (!parsed.success) throw new InputError(`invalid scope\n${describeIssues(file, doc, lines, parsed.error.issues)}`);
  const seen = new Map<string, number>();
  parsed.data.targets.forEach((t, i) => {
    if (seen.has(t.id)) {
      const node = doc.getIn(['targets', i, 'id'], true);
      const line = isNode(node) && node.range ? `:${lines.linePos(node.range[0]).line}` : '';
      throw new InputError(
        `${file}${line}: targets.${i}.id: duplicate target id "${t.id}" (first used by targets.${seen.get(t.id)})`,
      );
    }
    seen.set(t.id, i);
  });
  return { ...parsed.data, file: abs, dir: dirname(abs) };
}
