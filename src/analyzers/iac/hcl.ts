import { createRequire } from 'node:module';
import { InputError } from '../../errors.js';

/** An expression the parser keeps as written: a reference, a template with interpolation, a function call. */
export interface HclExpr {
  expr: string;
}

export type HclValue = string | number | boolean | null | HclValue[] | { [k: string]: HclValue } | HclExpr;

export interface HclAttribute {
  name: string;
  value: HclValue;
  line: number;
}

export interface HclBlock {
  type: string;
  labels: string[];
  line: number;
  attributes: Map<string, HclAttribute>;
  blocks: HclBlock[];
}

/** Our view of an HCL parser: text in, blocks with literal values and positions out; nothing evaluated. */
export interface HclParser {
  parse(text: string, file: string): HclBlock[];
}

export const isExpr = (v: unknown): v is HclExpr =>
  !!v && typeof v === 'object' && !Array.isArray(v) && 'expr' in v && Object.keys(v).length === 1;

const MAX_HCL_BYTES = 8 * 1024 * 1024;
const MAX_NESTING = 64;

interface TsNode {
  type: string;
  text: string;
  startPosition: { row: number; column: number };
  namedChildren: (TsNode | null)[];
  childForFieldName(name: string): TsNode | null;
  hasError: boolean;
  isMissing: boolean;
}

const kids = (n: TsNode): TsNode[] =>
  n.namedChildren.filter((c): c is TsNode => !!c && c.type !== 'comment' && !/_(start|end)$/.test(c.type));

function stringOf(n: TsNode): string | HclExpr {
  // string_lit / quoted_template / heredoc_template: literal only when no interpolation or directive.
  if (kids(n).some((c) => c.type === 'template_interpolation' || c.type === 'template_directive'))
    return { expr: n.text };
  return kids(n)
    .filter((c) => c.type === 'template_literal')
    .map((c) => c.text)
    .join('');
}

function valueOf(n: TsNode, depth: number): HclValue {
  if (depth > MAX_NESTING) throw new InputError(`expressions nested deeper than ${MAX_NESTING} levels`);
  switch (n.type) {
    case 'expression':
    case 'literal_value':
    case 'collection_value':
    case 'template_expr': {
      const c = kids(n);
      return c.length === 1 ? valueOf(c[0], depth + 1) : { expr: n.text };
    }
    case 'numeric_lit':
      return Number(n.text);
    case 'bool_lit':
      return n.text === 'true';
    case 'null_lit':
      return null;
    case 'string_lit':
    case 'quoted_template':
    case 'heredoc_template':
      return stringOf(n);
    case 'tuple':
      return kids(n).map((c) => valueOf(c, depth + 1));
    case 'object': {
      const out: Record<string, HclValue> = {};
      for (const e of kids(n).filter((c) => c.type === 'object_elem')) {
        const k = e.childForFieldName('key');
        const v = e.childForFieldName('val');
        if (!k || !v) continue;
        const key = valueOf(k, depth + 1);
        out[typeof key === 'string' ? key : isExpr(key) ? key.expr : String(key)] = valueOf(v, depth + 1);
      }
      return out;
    }
    case 'variable_expr': {
      // A bare identifier used as an object key (`Name = …`) reads as its own name.
      return { expr: n.text };
    }
    case 'function_call': {
      const [name, args] = kids(n);
      const argList = args ? kids(args).filter((c) => c.type === 'expression') : [];
      if (name?.text === 'jsonencode' && argList.length === 1) return valueOf(argList[0], depth + 1);
      return { expr: n.text };
    }
    default:
      return { expr: n.text };
  }
}

function keyName(v: HclValue): string {
  return typeof v === 'string' ? v : isExpr(v) ? v.expr : String(v);
}

function bodyOf(n: TsNode | undefined, depth: number): Pick<HclBlock, 'attributes' | 'blocks'> {
  const attributes = new Map<string, HclAttribute>();
  const blocks: HclBlock[] = [];
  if (!n) return { attributes, blocks };
  if (depth > MAX_NESTING) throw new InputError(`blocks nested deeper than ${MAX_NESTING} levels`);
  for (const c of kids(n)) {
    if (c.type === 'attribute') {
      const [id, expr] = kids(c);
      if (id && expr)
        attributes.set(id.text, { name: id.text, value: valueOf(expr, depth + 1), line: c.startPosition.row + 1 });
    } else if (c.type === 'block') {
      const parts = kids(c);
      const labels = parts.slice(1).filter((p) => p.type === 'string_lit' || p.type === 'identifier');
      const inner = parts.find((p) => p.type === 'body');
      blocks.push({
        type: parts[0]?.text ?? '',
        labels: labels.map((l) => keyName(l.type === 'string_lit' ? stringOf(l) : l.text)),
        line: c.startPosition.row + 1,
        ...bodyOf(inner, depth + 1),
      });
    }
  }
  return { attributes, blocks };
}

function firstError(n: TsNode): TsNode | undefined {
  if (n.type === 'ERROR' || n.isMissing) return n;
  if (!n.hasError) return undefined;
  for (const c of n.namedChildren) {
    if (!c) continue;
    const e = firstError(c);
    if (e) return e;
  }
  return n;
}

let loaded: Promise<HclParser> | undefined;

/**
 * The HCL parser: the maintained tree-sitter HCL/Terraform grammar run by web-tree-sitter (WebAssembly,
 * no native build). Loaded once, on first use.
 */
export function hclParser(): Promise<HclParser> {
  loaded ??= (async () => {
    const { Parser, Language } = await import('web-tree-sitter');
    await Parser.init();
    const require = createRequire(import.meta.url);
    const grammarDir = require
      .resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json')
      .replace(/package\.json$/, '');
    const language = await Language.load(`${grammarDir}tree-sitter-terraform.wasm`);
    const parser = new Parser();
    parser.setLanguage(language);
    return {
      parse(text: string, file: string): HclBlock[] {
        if (text.length > MAX_HCL_BYTES) throw new InputError(`${file}: larger than ${MAX_HCL_BYTES} bytes`);
        const tree = parser.parse(text);
        if (!tree) throw new InputError(`${file}: the HCL parser gave no result`);
        try {
          const root = tree.rootNode as unknown as TsNode;
          const err = firstError(root);
          if (err) {
            const near = err.text.split('\n')[0].slice(0, 40);
            throw new InputError(
              `${file}:${err.startPosition.row + 1}:${err.startPosition.column + 1}: invalid HCL${near ? ` near "${near}"` : ''}`,
            );
          }
          const body = kids(root).find((c) => c.type === 'body');
          const top = bodyOf(body, 0);
          return top.blocks;
        } finally {
          tree.delete();
        }
      },
    };
  })();
  return loaded;
}
