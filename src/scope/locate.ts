import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { Location } from '../model.js';
import type { Scope } from './schema.js';

/**
 * Where each target is declared in the scope file, so findings with no file of their own still have a
 * place; a chain (`chain:<name>`, for multi-node results) sits at its first node.
 */
export function targetLocations(scope: Scope): Record<string, Location> {
  const lines = new LineCounter();
  let doc;
  try {
    doc = parseDocument(readFileSync(scope.file, 'utf8'), { lineCounter: lines });
  } catch {
    return {};
  }
  const file = relative(scope.dir, scope.file) || scope.file;
  const where: Record<string, Location> = {};
  scope.targets.forEach((t, i) => {
    const node = doc.getIn(['targets', i], true);
    where[t.id] = { file, line: isNode(node) && node.range ? lines.linePos(node.range[0]).line : 1 };
    const chain = `chain:${t.chain ?? t.id}`;
    where[chain] ??= where[t.id];
  });
  return where;
}
