import { readdirSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { InputError, errorMessage } from '../../errors.js';
import { readManifest } from '../k8s/manifests.js';
import { hclParser, isExpr, type HclBlock, type HclValue } from './hcl.js';

export type Provider = 'aws' | 'alicloud' | 'huaweicloud' | 'google' | 'azurerm' | 'other';

/**
 * One resource from `.tf` files or a plan: its attributes as plain values (nested blocks become lists
 * of objects, as in plan JSON), unevaluated expressions as `{ expr }`, and where it is written.
 */
export interface TfResource {
  type: string;
  name: string;
  address: string;
  provider: Provider;
  file: string;
  line: number;
  values: Record<string, unknown>;
  /** `count` when it is a literal number (HCL), 1 otherwise; plans list every instance. */
  count: number;
  lineOf(path: (string | number)[]): number;
}

export interface TfModel {
  label: string;
  resources: TfResource[];
  issues: { file: string; message: string }[];
  files: number;
}

export function providerOf(type: string): Provider {
  const p = type.split('_')[0];
  return (['aws', 'alicloud', 'huaweicloud', 'google', 'azurerm'] as const).find((x) => x === p) ?? 'other';
}

const LINES = new WeakMap<object, Map<string, number>>();

function plain(v: HclValue, variables: Map<string, HclValue>): unknown {
  if (isExpr(v)) {
    const m = /^var\.([\w-]+)$/.exec(v.expr);
    if (m && variables.has(m[1])) return plain(variables.get(m[1])!, new Map());
    return v;
  }
  if (Array.isArray(v)) return v.map((x) => plain(x, variables));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x, variables)]));
  return v;
}

function blockValues(b: HclBlock, variables: Map<string, HclValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const lines = new Map<string, number>();
  for (const [k, a] of b.attributes) {
    out[k] = plain(a.value, variables);
    lines.set(k, a.line);
  }
  for (const child of b.blocks) {
    const list = (out[child.type] as Record<string, unknown>[] | undefined) ?? [];
    list.push(blockValues(child, variables));
    out[child.type] = list;
    if (!lines.has(child.type)) lines.set(child.type, child.line);
  }
  LINES.set(out, lines);
  lines.set('', b.line);
  return out;
}

function lineIn(values: Record<string, unknown>, path: (string | number)[], fallback: number): number {
  let cur: unknown = values;
  let line = fallback;
  for (const p of path) {
    if (cur && typeof cur === 'object') {
      const l = LINES.get(cur as object)?.get(String(p));
      if (l) line = l;
      cur = (cur as Record<string, unknown>)[p as string];
      if (cur && typeof cur === 'object' && !Array.isArray(cur)) line = LINES.get(cur as object)?.get('') ?? line;
    }
  }
  return line;
}

/** Variable defaults of a module (every .tf file of one folder): `var.x` resolves to them. */
function variablesOf(blocks: HclBlock[]): Map<string, HclValue> {
  const variables = new Map<string, HclValue>();
  for (const b of blocks)
    if (b.type === 'variable' && b.labels[0] && b.attributes.has('default'))
      variables.set(b.labels[0], b.attributes.get('default')!.value);
  return variables;
}

function fromHcl(blocks: HclBlock[], file: string, variables: Map<string, HclValue>): TfResource[] {
  const out: TfResource[] = [];
  for (const b of blocks) {
    if (b.type !== 'resource' && b.type !== 'data') continue;
    const [type, name] = b.labels;
    if (!type || !name) continue;
    const values = dropNulls(blockValues(b, variables));
    const count = typeof values.count === 'number' ? values.count : 1;
    out.push({
      type: b.type === 'data' ? `data.${type}` : type,
      name,
      address: `${b.type === 'data' ? 'data.' : ''}${type}.${name}`,
      provider: providerOf(type),
      file,
      line: b.line,
      values,
      count,
      lineOf: (path) => lineIn(values, path, b.line),
    });
  }
  return out;
}

type Rec = Record<string, unknown>;

/** `null` means "not set" in Terraform (plans write every unset optional attribute as null). */
function dropNulls(v: Rec): Rec {
  for (const [k, x] of Object.entries(v)) {
    if (x === null) delete v[k];
    else if (Array.isArray(x)) x.forEach((e) => e && typeof e === 'object' && !Array.isArray(e) && dropNulls(e as Rec));
    else if (typeof x === 'object') dropNulls(x as Rec);
  }
  return v;
}

const rec = (v: unknown): Rec => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : {});

/** Resources of a `terraform show -json` document (plan or state), with references for values known only after apply. */
function fromPlan(text: string, file: string): TfResource[] {
  let doc: Rec;
  try {
    doc = rec(JSON.parse(text));
  } catch (e) {
    throw new InputError(`${file}: invalid JSON: ${errorMessage(e)}`);
  }
  const root = rec(rec(doc.planned_values ?? doc.values).root_module);
  if (!doc.format_version || (!doc.planned_values && !doc.values))
    throw new InputError(
      `${file}: not the output of \`terraform show -json\` (no format_version and planned_values/values)`,
    );
  const refs = new Map<string, Rec>();
  const walkConfig = (m: Rec, prefix: string) => {
    for (const r of (m.resources as Rec[] | undefined) ?? [])
      refs.set(`${prefix}${String(r.address)}`, rec(r.expressions));
    for (const [name, call] of Object.entries(rec(m.module_calls)))
      walkConfig(rec(rec(call).module), `${prefix}module.${name}.`);
  };
  walkConfig(rec(rec(doc.configuration).root_module), '');
  const lines = text.split('\n');
  const lineOfAddress = new Map<string, number>();
  lines.forEach((l, i) => {
    const m = /"address"\s*:\s*"([^"]+)"/.exec(l);
    if (m && !lineOfAddress.has(m[1])) lineOfAddress.set(m[1], i + 1);
  });
  const out: TfResource[] = [];
  const walk = (m: Rec) => {
    for (const r of (m.resources as Rec[] | undefined) ?? []) {
      if (r.mode === 'data') continue;
      const address = String(r.address);
      const values = dropNulls(structuredClone(rec(r.values)));
      const expressions = refs.get(address.replace(/\[[^\]]*\]/g, '')) ?? {};
      for (const [k, e] of Object.entries(expressions)) {
        const references = rec(e).references;
        if ((values[k] === undefined || values[k] === null) && Array.isArray(references) && references.length)
          values[k] = { expr: String(references[references.length > 1 ? 1 : 0]) };
      }
      const line = lineOfAddress.get(address) ?? 1;
      out.push({
        type: String(r.type),
        name: String(r.name),
        address,
        provider: providerOf(String(r.type)),
        file,
        line,
        values,
        count: 1,
        lineOf: () => line,
      });
    }
    for (const child of (m.child_modules as Rec[] | undefined) ?? []) walk(rec(child));
  };
  walk(root);
  return out;
}

function tfFiles(root: string): string[] {
  let st;
  try {
    st = statSync(root);
  } catch {
    throw new InputError(`${root}: no such file or folder`);
  }
  if (st.isFile()) return [root];
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 8 || out.length >= 2000) return;
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (e.isFile() && ['.tf', '.json'].includes(extname(e.name).toLowerCase())) out.push(p);
    }
  };
  walk(root, 0);
  if (!out.length) throw new InputError(`${root}: no Terraform files (.tf) or plan JSON in the folder`);
  return out;
}

/** One `.tf` text as a model (the configuration-file audit reads single files). */
export async function loadTerraformText(text: string, file: string): Promise<TfModel> {
  const blocks = (await hclParser()).parse(text, file);
  return { label: file, resources: fromHcl(blocks, file, variablesOf(blocks)), issues: [], files: 1 };
}

/** Reads `.tf` files and `terraform show -json` output under a path; unreadable files are issues, an empty input an error. */
export async function loadTerraform(
  root: string,
  shown: (f: string) => string,
  format: 'auto' | 'hcl' | 'plan' = 'auto',
): Promise<TfModel> {
  const files = tfFiles(root);
  const resources: TfResource[] = [];
  const issues: TfModel['issues'] = [];
  let read = 0;
  const parsed: { file: string; name: string; dir: string; blocks?: HclBlock[]; plan?: TfResource[] }[] = [];
  for (const f of files) {
    const name = shown(f);
    try {
      const text = readManifest(f);
      const isPlan = format === 'plan' || (format === 'auto' && (f.endsWith('.json') || /^\s*\{/.test(text)));
      if (isPlan && f.endsWith('.tf.json'))
        throw new InputError(`${name}: Terraform JSON configuration is not read; give the .tf files or a plan`);
      if (isPlan) parsed.push({ file: f, name, dir: dirname(f), plan: fromPlan(text, name) });
      else parsed.push({ file: f, name, dir: dirname(f), blocks: (await hclParser()).parse(text, name) });
      read++;
    } catch (e) {
      issues.push({
        file: name,
        message: e instanceof InputError ? e.message.replace(f, name) : `${name}: ${errorMessage(e)}`,
      });
    }
  }
  const moduleVariables = new Map<string, Map<string, HclValue>>();
  for (const p of parsed.filter((x) => x.blocks))
    moduleVariables.set(p.dir, new Map([...(moduleVariables.get(p.dir) ?? []), ...variablesOf(p.blocks!)]));
  for (const p of parsed) resources.push(...(p.plan ?? fromHcl(p.blocks!, p.name, moduleVariables.get(p.dir)!)));
  // Nothing could be read at all: the whole input is an error, not a set of partial verdicts.
  if (!read && issues.length) throw new InputError(issues.map((i) => i.message).join('; '));
  if (!resources.length && !issues.length)
    throw new InputError(`${shown(root) || root}: no Terraform resources in ${files.length} file(s)`);
  return { label: shown(root) || root, resources, issues, files: read };
}

/** A reference like `aws_s3_bucket.logs.id` or `${aws_lb.rpc.arn}` resolved to the resource it names. */
export function referenced(model: TfModel, v: unknown): TfResource | undefined {
  const text = isExpr(v) ? v.expr : typeof v === 'string' ? v : undefined;
  if (!text) return undefined;
  const m = /([a-z0-9]+_[a-z0-9_]+)\.([\w-]+)/.exec(text);
  if (!m) return undefined;
  return model.resources.find((r) => r.type === m[1] && r.name === m[2]);
}

/** Whether an attribute names this resource: a reference to it, or its literal name / id / bucket. */
export function pointsTo(model: TfModel, v: unknown, target: TfResource): boolean {
  if (referenced(model, v) === target) return true;
  const s = typeof v === 'string' ? v : undefined;
  return (
    !!s &&
    [target.values.bucket, target.values.name, target.values.id, target.values.arn, target.values.bucket_name].some(
      (x) => typeof x === 'string' && x === s,
    )
  );
}

export const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
export const first = (v: unknown): Record<string, unknown> => rec(list(v)[0]);
export function tags(r: TfResource): Record<string, string> {
  const t = { ...rec(r.values.tags), ...rec(r.values.tags_all) };
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, String(isExpr(v) ? v.expr : v)]));
}
