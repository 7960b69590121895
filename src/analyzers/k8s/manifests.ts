import { readdirSync, statSync } from 'node:fs';
import { readTextFileSync } from '../../clients/files.js';
import { extname, join } from 'node:path';
import jsYaml from 'js-yaml';
import { errorMessage, InputError } from '../../errors.js';
import { MAX_CONFIG_BYTES } from '../configs/common.js';
import type { Obj, Path, K8sObject, Source } from './model.js';
import { isObj, objectRef } from './model.js';
import { buildInventory, type InputIssue, type Inventory } from './inventory.js';

export const MANIFEST_LIMITS = {
  maxFiles: 5000,
  maxDepth: 12,
  maxFileBytes: MAX_CONFIG_BYTES,
  maxTotalBytes: 128 * 1024 * 1024,
  maxDocumentsPerFile: 5000,
};

const MANIFEST_EXT = new Set(['.yaml', '.yml', '.json']);

/** Manifest files under a path: the file itself, or a folder walked in name order without following symlinks. */
export function manifestFiles(root: string): { files: string[]; truncated: boolean } {
  let st;
  try {
    st = statSync(root);
  } catch {
    throw new InputError(`${root}: no such file or folder`);
  }
  if (st.isFile()) return { files: [root], truncated: false };
  if (!st.isDirectory()) throw new InputError(`${root}: not a file or folder`);
  const files: string[] = [];
  let truncated = false;
  const walk = (dir: string, depth: number) => {
    if (depth > MANIFEST_LIMITS.maxDepth) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      throw new InputError(`${dir}: cannot list the folder`);
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (files.length >= MANIFEST_LIMITS.maxFiles) {
        truncated = true;
        return;
      }
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (e.isFile() && MANIFEST_EXT.has(extname(e.name).toLowerCase())) files.push(p);
    }
  };
  walk(root, 0);
  if (!files.length) throw new InputError(`${root}: no manifest files (.yaml, .yml, .json) in the folder`);
  return { files, truncated };
}

/** Reads a manifest as UTF-8 text through the files client; special files, binary data and files over the bound are refused with the path named. */
export function readManifest(path: string, maxBytes = MANIFEST_LIMITS.maxFileBytes): string {
  const text = readTextFileSync(path, { maxBytes });
  if (text.includes('\uFFFD')) throw new InputError(`${path}: not UTF-8 text`);
  return text;
}

/** Where a node starts and, for collections, where its children are: all a finding needs of a document. */
interface Pos {
  line: number;
  block?: boolean;
  keys?: Map<string, { keyLine: number; node: Pos }>;
  items?: Pos[];
}

/** YAML 1.1 as Kubernetes reads it (sigs.k8s.io/yaml over go-yaml v2): `0400` is octal, yes/no/on/off are booleans. */
const K8S_YAML = jsYaml.DEFAULT_SCHEMA.extend({
  implicit: [
    new jsYaml.Type('tag:yaml.org,2002:bool', {
      kind: 'scalar',
      resolve: (d: string) =>
        /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/.test(d),
      construct: (d: string) => /^(y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/.test(d),
      predicate: (o: unknown) => typeof o === 'boolean',
      represent: { lowercase: (o: unknown) => (o ? 'true' : 'false') },
      defaultStyle: 'lowercase',
    }),
    new jsYaml.Type('tag:yaml.org,2002:int', {
      kind: 'scalar',
      resolve: (d: string) => /^[-+]?(0|[1-9][0-9_]*|0[0-7_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+)$/.test(d),
      construct: (d: string) => {
        const s = d.replace(/_/g, '');
        const sign = s.startsWith('-') ? -1 : 1;
        const v = s.replace(/^[-+]/, '');
        if (/^0x/.test(v)) return sign * parseInt(v.slice(2), 16);
        if (/^0b/.test(v)) return sign * parseInt(v.slice(2), 2);
        if (/^0o/.test(v)) return sign * parseInt(v.slice(2), 8);
        if (/^0[0-7]+$/.test(v)) return sign * parseInt(v.slice(1), 8);
        return sign * parseInt(v, 10);
      },
      predicate: (o: unknown) => typeof o === 'number' && Number.isInteger(o),
      represent: { decimal: (o: unknown) => String(o) },
      defaultStyle: 'decimal',
    }),
  ],
});

interface ParsedDoc {
  data: unknown;
  pos: Pos;
}

/**
 * Parses multi-document YAML with js-yaml, recording as it composes where each node starts (a
 * listener sees every node open and close), so a finding can name the line of any field without
 * keeping a full syntax tree of every manifest in memory.
 */
function parseDocs(text: string, file: string): ParsedDoc[] {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineAt = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  // A value's node opens before the space after its `:`; its content starts at the next non-blank.
  const contentAt = (offset: number) => {
    let i = offset;
    for (;;) {
      while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
      if (text[i] !== '#') return i;
      while (i < text.length && text[i] !== '\n') i++;
    }
  };
  const describe = (kind: string | null, children: { pos: Pos; result: unknown }[], at: number): Pos => {
    const pos: Pos = { line: lineAt(Math.max(0, Math.min(at, text.length - 1))) };
    if (kind === 'mapping') {
      pos.keys = new Map();
      for (let i = 0; i + 1 < children.length; i += 2)
        pos.keys.set(String(children[i].result), { keyLine: children[i].pos.line, node: children[i + 1].pos });
    } else if (kind === 'sequence') pos.items = children.map((c) => c.pos);
    else if (kind === 'scalar') pos.block = text[at] === '|' || text[at] === '>';
    return pos;
  };
  const roots: Pos[] = [];
  const stack: { start: number; children: { pos: Pos; result: unknown }[] }[] = [];
  const listener = (event: 'open' | 'close', state: { position: number; kind: string | null; result: unknown }) => {
    if (event === 'open') {
      stack.push({ start: state.position, children: [] });
      return;
    }
    const frame = stack.pop()!;
    const at = contentAt(frame.start);
    const only = frame.children.length === 1 ? frame.children[0] : undefined;
    const pos =
      only && only.result === state.result && state.result !== null && typeof state.result === 'object'
        ? only.pos // a flow collection is composed inside a node of its own: the outer node is the same value
        : describe(state.kind, frame.children, at);
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push({ pos, result: state.result });
    else roots.push(pos);
  };
  const data: unknown[] = [];
  try {
    jsYaml.loadAll(text, (d) => data.push(d), {
      schema: K8S_YAML,
      listener,
      filename: file,
      json: true,
    } as jsYaml.LoadOptions);
  } catch (e) {
    if (e instanceof jsYaml.YAMLException && e.mark)
      throw new InputError(`${file}:${e.mark.line + 1}:${e.mark.column + 1}: invalid YAML: ${e.reason}`);
    throw new InputError(`${file}: invalid YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  // Empty documents compose no node; pair the rest in order.
  const docs: ParsedDoc[] = [];
  let r = 0;
  for (const d of data)
    docs.push({ data: d, pos: d === null || d === undefined ? { line: 1 } : (roots[r++] ?? { line: 1 }) });
  return docs;
}

function lineIn(root: Pos, path: Path): number | undefined {
  let node: Pos | undefined = root;
  let line = root.line;
  for (const p of path) {
    if (!node) break;
    if (typeof p === 'number' && node.items) {
      node = node.items[p];
      if (node) line = node.line;
    } else if (node.keys) {
      const k = node.keys.get(String(p));
      if (!k) break;
      line = k.keyLine;
      node = k.node;
    } else break;
  }
  return line;
}

function nodeAt(root: Pos, path: Path): Pos | undefined {
  let node: Pos | undefined = root;
  for (const p of path) {
    if (!node) return undefined;
    node = typeof p === 'number' ? node.items?.[p] : node.keys?.get(String(p))?.node;
  }
  return node;
}

export interface ParsedFile {
  objects: K8sObject[];
  /** Documents that are YAML but not Kubernetes objects (values files, kustomization.yaml, CRD-less data). */
  other: { doc: number; what: string }[];
}

/**
 * Parses one manifest file (multi-document YAML or JSON, `kind: List` included) into objects that
 * remember their file and can name the line of any field.
 */
export function parseManifest(text: string, file: string, defaultNamespace = 'default'): ParsedFile {
  const docs = parseDocs(text, file);
  if (docs.length > MANIFEST_LIMITS.maxDocumentsPerFile)
    throw new InputError(`${file}: more than ${MANIFEST_LIMITS.maxDocumentsPerFile} YAML documents`);
  // `helm template` writes `# Source: chart/templates/x.yaml` at the top of each document.
  const sources = [...text.matchAll(/^# Source: (.+)$/gm)].map((m) => ({ at: m.index, name: m[1] }));
  const objects: K8sObject[] = [];
  const other: ParsedFile['other'] = [];
  docs.forEach(({ data, pos }, di) => {
    if (data === null || data === undefined) return;
    const startLine = pos.line;
    const rendered = sources.filter((s) => text.slice(0, s.at).split('\n').length <= startLine).pop()?.name;
    const source = (base: Path): Source => ({
      file,
      line: (p) => lineIn(pos, [...base, ...p]),
      valueLine: (p) => {
        const full = [...base, ...p];
        const n = nodeAt(pos, full);
        if (!n) return lineIn(pos, full);
        return n.block ? n.line + 1 : n.line;
      },
      ...(rendered ? { rendered } : {}),
    });
    const push = (o: unknown, base: Path) => {
      if (!isObj(o) || typeof o.kind !== 'string' || typeof o.apiVersion !== 'string') {
        other.push({ doc: di, what: isObj(o) ? 'a mapping without apiVersion and kind' : `a ${typeof o}` });
        return;
      }
      objects.push(makeObject(o, source(base), defaultNamespace));
    };
    if (isObj(data) && typeof data.kind === 'string' && /List$/.test(data.kind) && Array.isArray(data.items))
      data.items.forEach((it, i) => push(it, ['items', i]));
    else push(data, []);
  });
  return { objects, other };
}

const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'StorageClass',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PriorityClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

export function makeObject(raw: Obj, source: Source, defaultNamespace = 'default'): K8sObject {
  const kind = String(raw.kind);
  const meta = isObj(raw.metadata) ? raw.metadata : {};
  const name = String(meta.name ?? meta.generateName ?? '?');
  const namespace = isClusterScoped(kind) ? undefined : String(meta.namespace ?? defaultNamespace);
  return {
    kind,
    apiVersion: String(raw.apiVersion),
    name,
    namespace,
    raw,
    ref: objectRef(kind, namespace, name),
    source,
  };
}

/**
 * Reads every manifest under a path into an inventory. A file that cannot be read or parsed is an
 * issue (the run's verdicts are then incomplete); a path with no Kubernetes object at all is an error.
 */
export function loadManifests(root: string, shown: (file: string) => string, defaultNamespace = 'default'): Inventory {
  const { files, truncated } = manifestFiles(root);
  const objects: K8sObject[] = [];
  const issues: InputIssue[] = [];
  const skipped: InputIssue[] = [];
  let total = 0;
  let read = 0;
  for (const f of files) {
    const name = shown(f);
    try {
      const text = readManifest(f);
      total += text.length;
      if (total > MANIFEST_LIMITS.maxTotalBytes)
        throw new InputError(`${root}: more than ${MANIFEST_LIMITS.maxTotalBytes} bytes of manifests`);
      const parsed = parseManifest(text, name, defaultNamespace);
      read++;
      objects.push(...parsed.objects);
      if (!parsed.objects.length)
        skipped.push({
          file: name,
          message: parsed.other.length
            ? `${name}: no Kubernetes object (${/values/i.test(name) ? 'a Helm values file: audit the output of `helm template`' : parsed.other[0].what})`
            : `${name}: empty`,
        });
    } catch (e) {
      if (e instanceof InputError && e.message.startsWith(`${root}:`)) throw e;
      issues.push({
        file: name,
        message: e instanceof InputError ? e.message.replace(f, name) : `${name}: ${errorMessage(e)}`,
      });
    }
  }
  // Nothing could be read at all: the whole input is an error, not a set of partial verdicts.
  if (!read && issues.length) throw new InputError(issues.map((i) => i.message).join('; '));
  if (!objects.length && !issues.length)
    throw new InputError(
      `${shown(root) || root}: no Kubernetes objects (apiVersion and kind) in ${files.length} file(s)`,
    );
  return buildInventory(objects, {
    mode: 'manifests',
    label: shown(root) || root,
    issues,
    skipped,
    truncated,
    filesRead: read,
  });
}
