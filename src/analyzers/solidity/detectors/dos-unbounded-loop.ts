import { defineDetector, type Report } from '../detector.js';
import {
  lookupState,
  mentions,
  stateRoot,
  T_PARAM,
  taintOf,
  type ContractInfo,
  type FileModel,
  type FunctionInfo,
} from '../model.js';
import type { Node } from '../types.js';
import { walk } from '../walk.js';
import { functions } from './shared.js';

export default defineDetector(
  {
    id: 'dos-unbounded-loop',
    title: 'Loop over an array anyone can grow, or as long as the caller asks',
    swc: 'SWC-128',
    category: 'denial_of_service',
    impact: 'medium',
    confidence: 'medium',
    description:
      'A loop iterates over a storage array (or up to a counter) that any caller can extend, or grows a storage array as many times as the caller asks; once it is long enough the loop, or the functions iterating over the array, exceed the block gas limit.',
    exploitScenario:
      'An attacker pushes thousands of cheap entries; the payout or reset function then always runs out of gas and funds are stuck.',
    recommendation: 'Bound the loop, paginate it, or keep per-user state that does not need iteration.',
    placement: 'The loop header; related: where the array grows.',
  },
  (model) => {
    const out: Report[] = [];
    for (const f of functions(model)) {
      if (f.isView) continue;
      const growable = growableArrays(f.contract);
      const open = f.isPublic && !f.guarded;
      walk(
        f.node.body,
        (n) => {
          if (n.type !== 'ForStatement' && n.type !== 'WhileStatement' && n.type !== 'DoWhileStatement') return;
          const cond: Node | undefined = n.type === 'ForStatement' ? n.conditionExpression : n.condition;
          if (!cond) return;
          let grown: string | null = null;
          mentions(
            cond,
            (x) => {
              if (x.type === 'MemberAccess' && x.memberName === 'length') {
                const root = stateRoot(x.expression, f);
                if (root && growable.has(root)) grown = root;
              } else if (x.type === 'Identifier') {
                const root = stateRoot(x, f);
                if (root && growable.has(root) && !/length/.test(root)) grown = root;
              }
              return grown !== null;
            },
            model.budget,
          );
          if (grown) {
            out.push({
              node: n,
              until: cond,
              fn: f,
              message: `${f.contract.name}.${f.name} loops over ${grown}, which any caller can grow without bound`,
              related: (growable.get(grown) ?? []).map((g) => ({ node: g, note: `${grown} grows here` })),
            });
            return;
          }
          // A bound the caller picks, on a loop that grows a storage array: one call adds as many entries as it likes.
          if (!open || !(taintOf(cond, f) & T_PARAM) || upperBounded(cond, f, model)) return;
          const pushes = arrayGrowth(n.body, f, model);
          if (!pushes.length) return;
          out.push({
            node: n,
            until: cond,
            fn: f,
            message: `${f.contract.name}.${f.name} grows ${pushes[0].name} as many times as the caller asks`,
            related: pushes.map((p) => ({ node: p.node, note: `${p.name} grows here` })),
          });
        },
        model.budget,
      );
    }
    return out;
  },
);

/** Storage arrays and counters that public functions without access control grow, with where they grow. */
export function growableArrays(c: ContractInfo): Map<string, Node[]> {
  const out = new Map<string, Node[]>();
  for (const g of c.allFunctions) {
    if (!g.isPublic || g.guarded || g.isView) continue;
    for (const w of g.writes) {
      const n = w.node;
      if (
        (n.type === 'FunctionCall' && n.expression?.memberName === 'push') ||
        (n.type === 'UnaryOperation' && n.operator === '++') ||
        (n.type === 'BinaryOperation' && n.operator === '+=')
      )
        out.set(w.name, [...(out.get(w.name) ?? []), n]);
    }
  }
  return out;
}

/** Pushes onto (or length increases of) storage arrays inside a statement. */
export function arrayGrowth(
  body: Node | null | undefined,
  f: FunctionInfo,
  model: FileModel,
): { name: string; node: Node }[] {
  const out: { name: string; node: Node }[] = [];
  walk(
    body,
    (x) => {
      let target: Node | null = null;
      if (x.type === 'FunctionCall' && x.expression?.type === 'MemberAccess' && x.expression.memberName === 'push')
        target = x.expression.expression;
      else if (
        (x.type === 'UnaryOperation' && x.operator === '++' && isLength(x.subExpression)) ||
        (x.type === 'BinaryOperation' && (x.operator === '+=' || x.operator === '=') && isLength(x.left))
      )
        target = (x.type === 'UnaryOperation' ? x.subExpression : x.left).expression;
      const root = target ? stateRoot(target, f) : null;
      if (root && (lookupState(f.contract, root)?.type ?? '').endsWith(']')) out.push({ name: root, node: x });
    },
    model.budget,
  );
  return out;
}

function isLength(n: Node | null | undefined): boolean {
  return !!n && n.type === 'MemberAccess' && n.memberName === 'length';
}

/** A condition of the function puts an upper bound on a value the loop condition reads. */
function upperBounded(cond: Node, f: FunctionInfo, model: FileModel): boolean {
  const names = new Set<string>();
  walk(cond, (x) => {
    if (x.type === 'Identifier' && (f.params.has(x.name) || f.locals.has(x.name))) names.add(x.name);
    else if (
      x.type === 'MemberAccess' &&
      x.memberName === 'length' &&
      x.expression?.type === 'Identifier' &&
      f.params.has(x.expression.name)
    )
      names.add(`${x.expression.name}.length`);
  });
  const text = (x: Node) => model.text(x).replace(/\s+/g, '');
  return f.conditions.some((c) =>
    mentions(
      c,
      (x) =>
        x.type === 'BinaryOperation' &&
        ((['<', '<='].includes(x.operator) && names.has(text(x.left))) ||
          (['>', '>='].includes(x.operator) && names.has(text(x.right)))),
      model.budget,
    ),
  );
}
