import { isMap, isNode, isScalar, isSeq, LineCounter, parseAllDocuments, type Document } from 'yaml';
import { parse as parseToml } from 'smol-toml';
import { InputError } from '../../errors.js';

export interface YamlSource {
  docs: { doc: Document; data: unknown }[];
  lineOf(docIndex: number, path: (string | number)[]): number | undefined;
}

/** Parses (multi-document) YAML keeping positions so findings can name the line of a setting. */
export function parseYamlSource(text: string, name: string): YamlSource {
  const lc = new LineCounter();
  const all = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
  const list = Array.isArray(all) ? all : [all];
  const docs: YamlSource['docs'] = [];
  for (const doc of list) {
    if (doc.errors.length) {
      const pos = lc.linePos(doc.errors[0].pos[0]);
      throw new InputError(`${name}:${pos.line}:${pos.col}: invalid YAML: ${doc.errors[0].message.split('\n')[0]}`);
    }
    docs.push({ doc, data: doc.toJS({ maxAliasCount: 100 }) });
  }
  return {
    docs,
    lineOf(i, path) {
      const doc = docs[i]?.doc;
      if (!doc) return undefined;
      for (let p = path; p.length; p = p.slice(0, -1)) {
        const parent = p.length > 1 ? doc.getIn(p.slice(0, -1), true) : doc.contents;
        const last = p[p.length - 1];
        // A setting's line is its key's line (a mapping) or its item's line (a sequence).
        if (isMap(parent)) {
          const pair = parent.items.find((it) => isScalar(it.key) && String(it.key.value) === String(last));
          const node = pair && (isNode(pair.key) ? pair.key : undefined);
          if (node?.range) return lc.linePos(node.range[0]).line;
        } else if (isSeq(parent) && typeof last === 'number') {
          const item = parent.items[last];
          if (isNode(item) && item.range) return lc.linePos(item.range[0]).line;
        }
      }
      return undefined;
    },
  };
}

export function parseTomlSource(text: string, name: string): Record<string, unknown> {
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (e) {
    const m = e instanceof Error ? e.message.split('\n')[0] : String(e);
    const line = e && typeof e === 'object' && 'line' in e ? `:${(e as { line: number }).line}` : '';
    throw new InputError(`${name}${line}: invalid TOML: ${m}`);
  }
}

/** Line of `key =` inside `[section]` of a TOML file (sections as written, e.g. `Node.P2P`); TOML parsers drop positions. */
export function tomlLine(text: string, section: string, key: string): number | undefined {
  let current = '';
  const lines = text.split(/\r?\n/);
  const keyRe = new RegExp(`^\\s*"?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?\\s*=`);
  for (let i = 0; i < lines.length; i++) {
    const sec = /^\s*\[+\s*([^\]]+?)\s*\]+/.exec(lines[i]);
    if (sec) {
      current = sec[1];
      continue;
    }
    if (current === section && keyRe.test(lines[i])) return i + 1;
  }
  return undefined;
}

export function get(obj: unknown, path: string[]): unknown {
  let cur = obj;
  for (const p of path) {
    if (!cur || typeof cur !== 'object') return undefined;
    const rec = cur as Record<string, unknown>;
    const k = Object.keys(rec).find((x) => x.toLowerCase() === p.toLowerCase());
    cur = k === undefined ? undefined : rec[k];
  }
  return cur;
}

export function asList(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'string')
    return v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return [];
}
