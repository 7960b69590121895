import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { isMap, isNode, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
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

/** Reads a manifest as UTF-8 text; binary data and files over the bound are refused with the path named. */
export function readManifest(path: string, maxBytes = MANIFEST_LIMITS.maxFileBytes): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new InputError(`${path}: cannot read the file`);
  }
  if (size > maxBytes) throw new InputError(`${path}: ${size} bytes is larger than the ${maxBytes}-byte limit`);
  const buf = Buffer.alloc(size);
  const fd = openSync(path, 'r');
  try {
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off);
      if (n <= 0) break;
      off += n;
    }
  } finally {
    closeSync(fd);
  }
  if (buf.includes(0)) throw new InputError(`${path}: binary data, not a YAML or JSON manifest`);
  const text = buf.toString('utf8');
  if (text.includes('\uFFFD')) throw new InputError(`${path}: not UTF-8 text`);
  return text;
}

/** Line of a path inside a parsed document: a mapping entry's key line, a sequence item's line. */
function lineIn(doc: Document, lc: LineCounter, path: Path): number | undefined {
  for (let p = path; p.length; p = p.slice(0, -1)) {
    const parent = p.length > 1 ? doc.getIn(p.slice(0, -1), true) : doc.contents;
    const last = p[p.length - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((it) => isScalar(it.key) && String(it.key.value) === String(last));
      const node = pair && (isNode(pair.key) ? pair.key : undefined);
      if (node?.range) return lc.linePos(node.range[0]).line;
    } else if (isSeq(parent) && typeof last === 'number') {
      const item = parent.items[last];
      if (isNode(item) && item.range) return lc.linePos(item.range[0]).line;
    }
  }
  const root = doc.contents as Node | null;
  return root?.range ? lc.linePos(root.range[0]).line : undefined;
}

/** First line of a scalar's content (a block scalar starts on the line after its indicator). */
function valueLineIn(doc: Document, lc: LineCounter, path: Path): number | undefined {
  const node = doc.getIn(path, true);
  if (!isScalar(node) || !node.range) return lineIn(doc, lc, path);
  const line = lc.linePos(node.range[0]).line;
  return node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED' ? line + 1 : line;
}

export interface ParsedFile {
  objects: K8sObject[];
  /** Documents that are YAML but not Kubernetes objects (values files, kustomization.yaml, CRD-less data). */
  other: { doc: number; what: string }[];
}

const HELM_SOURCE = /^# Source: (.+)$/m;

/**
 * Parses one manifest file (multi-document YAML or JSON, `kind: List` included) into objects that
 * remember their file and can name the line of any field.
 */
export function parseManifest(text: string, file: string, defaultNamespace = 'default'): ParsedFile {
  const lc = new LineCounter();
  // YAML 1.1 as Kubernetes reads it: 0400 is octal, yes/no are booleans.
  const docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false, version: '1.1' });
  const list = Array.isArray(docs) ? docs : [docs];
  if (list.length > MANIFEST_LIMITS.maxDocumentsPerFile)
    throw new InputError(`${file}: more than ${MANIFEST_LIMITS.maxDocumentsPerFile} YAML documents`);
  const objects: K8sObject[] = [];
  const other: ParsedFile['other'] = [];
  list.forEach((doc, di) => {
    if (doc.errors.length) {
      const pos = lc.linePos(doc.errors[0].pos[0]);
      throw new InputError(`${file}:${pos.line}:${pos.col}: invalid YAML: ${doc.errors[0].message.split('\n')[0]}`);
    }
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      throw new InputError(`${file}: document ${di + 1}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (data === null || data === undefined) return;
    const rendered = doc.commentBefore ? HELM_SOURCE.exec(`# ${doc.commentBefore.trim()}`)?.[1] : undefined;
    const source = (base: Path): Source => ({
      file,
      line: (p) => lineIn(doc, lc, [...base, ...p]),
      valueLine: (p) => valueLineIn(doc, lc, [...base, ...p]),
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
