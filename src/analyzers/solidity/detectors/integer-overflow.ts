import { defineDetector, type Report } from '../detector.js';
import type { FileModel, FunctionInfo } from '../model.js';
import { mentions, stateRoot, T_BLOCK, T_PARAM, T_TIME, taintOf } from '../model.js';
import { compareVersion, v } from '../parse.js';
import { isNumberLiteral } from '../syntax.js';
import type { Node } from '../types.js';
import { walk } from '../walk.js';
import { functions } from './shared.js';

const OPS: Record<string, string> = { '+': '+', '-': '-', '*': '*', '+=': '+', '-=': '-', '*=': '*' };

function norm(s: string): string {
  return s.replace(/\s+/g, '').replace(/^this\./, '');
}

function isLengthRead(n: Node): boolean {
  return n.type === 'MemberAccess' && n.memberName === 'length';
}

interface Op {
  node: Node;
  /** The result reaches state, a condition, a call or a value used by one of them. */
  matters: boolean;
  kind: string;
  left: Node;
  right: Node;
}

function guardedBy(op: Op, f: FunctionInfo, model: FileModel): boolean {
  const operands = [op.left, op.right].filter((x) => !isNumberLiteral(x)).map((x) => norm(model.text(x)));
  if (!operands.length) return true;
  // A condition that itself contains the operation (require(a - b >= 0)) does not bound it.
  const outside = f.conditions.filter(
    (c) => !(c.range && op.node.range && c.range[0] <= op.node.range[0] && op.node.range[1] <= c.range[1]),
  );
  return outside.some((c) => operands.every((o) => norm(model.text(c)).includes(o)));
}

/** Whether a wrapped result can do harm: it is stored, decides a condition, is passed on, or feeds a local that is. */
function consequential(n: Node, ancestors: readonly Node[], f: FunctionInfo, model: FileModel): boolean {
  if (n.operator.endsWith('=')) return true;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i];
    if (a.type === 'BinaryOperation' && a.operator.endsWith('=') && !['==', '!=', '<=', '>='].includes(a.operator))
      return a.operator !== '=' || !!stateRoot(a.left, f) || usedLater(a.left, f, model);
    if (
      a.type === 'FunctionCall' ||
      a.type === 'IfStatement' ||
      a.type === 'WhileStatement' ||
      a.type === 'ReturnStatement' ||
      a.type === 'IndexAccess'
    )
      return a.type !== 'ReturnStatement';
    if (a.type === 'VariableDeclarationStatement')
      return (a.variables ?? []).some(
        (v: Node | null) => v?.name && usedLater({ type: 'Identifier', name: v.name } as unknown as Node, f, model),
      );
    if (a.type === 'ExpressionStatement' || a.type === 'Block') return false;
  }
  return false;
}

function usedLater(target: Node, f: FunctionInfo, model: FileModel): boolean {
  if (target.type !== 'Identifier') return false;
  const name = target.name;
  const uses = (x: Node | null | undefined) =>
    !!x && mentions(x, (y) => y.type === 'Identifier' && y.name === name, model.budget);
  return (
    f.conditions.some(uses) ||
    f.writes.some((w) => w.node.type === 'BinaryOperation' && uses(w.node.right)) ||
    (f.node.body &&
      mentions(f.node.body, (y) => y.type === 'FunctionCall' && (y.arguments ?? []).some(uses), model.budget)) ||
    mentions(f.node.body, (y) => y.type === 'IndexAccess' && uses(y.index), model.budget)
  );
}

export default defineDetector(
  {
    id: 'integer-overflow',
    title: 'Integer overflow or underflow',
    swc: 'SWC-101',
    category: 'arithmetic',
    impact: 'high',
    confidence: 'medium',
    description:
      'Before Solidity 0.8 (and inside unchecked blocks since) arithmetic wraps silently; an operation on caller-influenced or stored values without a bound check can wrap around.',
    exploitScenario:
      'An attacker transfers more than his balance; balance - amount wraps to a huge number and he holds nearly unlimited tokens.',
    recommendation:
      'Use Solidity ≥ 0.8 checked arithmetic or SafeMath, and keep unchecked blocks to operations proven bounded.',
    placement: 'The arithmetic operation.',
  },
  (model) => {
    const out: Report[] = [];
    const checkedByDefault = compareVersion(model.version, v('0.8.0')) >= 0;
    for (const f of functions(model)) {
      if (f.isView || f.guarded || f.contract.kind === 'library' || f.contract.kind === 'interface') continue;
      const conditions = f.conditions.map((c) => norm(model.text(c)));
      const ops: Op[] = [];
      walk(
        f.node.body,
        (n, ancestors) => {
          if (checkedByDefault && !ancestors.some((a) => a.type === 'UncheckedStatement')) return;
          const parent = ancestors[ancestors.length - 1];
          if (parent?.type === 'ForStatement' && (parent.loopExpression === n || parent.conditionExpression === n))
            return 'skip';
          if (
            parent?.type === 'ExpressionStatement' &&
            ancestors[ancestors.length - 2]?.type === 'ForStatement' &&
            ancestors[ancestors.length - 2].loopExpression === parent
          )
            return 'skip';
          if (n.type === 'BinaryOperation' && OPS[n.operator])
            ops.push({
              node: n,
              kind: OPS[n.operator],
              left: n.left,
              right: n.right,
              matters: consequential(n, ancestors, f, model),
            });
          else if (
            checkedByDefault &&
            n.type === 'UnaryOperation' &&
            (n.operator === '++' || n.operator === '--') &&
            stateRoot(n.subExpression, f)
          ) {
            ops.push({
              node: n,
              matters: true,
              kind: n.operator === '++' ? '+' : '-',
              left: n.subExpression,
              right: { type: 'NumberLiteral', number: '1' } as unknown as Node,
            });
          }
        },
        model.budget,
      );
      const subtracted = ops
        .filter((o) => o.kind === '-' && guardedBy(o, f, model))
        .map((o) => norm(model.text(o.right)));
      // Moving an amount between entries of one mapping keeps their sum; the credit cannot exceed the supply.
      const debited = new Set(
        ops
          .filter((o) => o.kind === '-' && o.node.operator === '-=')
          .map((o) => stateRoot(o.left, f))
          .filter((r): r is string => !!r),
      );
      const lines = new Set<number>();
      for (const op of ops) {
        if (lines.has(op.node.loc.start.line)) continue;
        const lt = taintOf(op.left, f);
        const rt = taintOf(op.right, f);
        const stored = !!stateRoot(op.left, f) || !!stateRoot(op.right, f);
        if (!op.matters || (isNumberLiteral(op.left) && isNumberLiteral(op.right))) continue;
        if (op.kind !== '*' && (isLengthRead(op.left) || isLengthRead(op.right))) continue;
        if ((lt | rt) & (T_TIME | T_BLOCK)) continue;
        // Amounts the caller picks are what overflows in practice; msg.value and stored totals are bounded by the ETH supply.
        if (!((lt | rt) & T_PARAM) && !(checkedByDefault && stored)) continue;
        if (op.kind === '-' && !(rt & T_PARAM) && !checkedByDefault) continue;
        if (guardedBy(op, f, model)) continue;
        if (op.kind === '+' && subtracted.includes(norm(model.text(op.right)))) continue;
        const credited = op.kind === '+' ? stateRoot(op.left, f) : null;
        if (credited && debited.has(credited)) continue;
        const parent = op.node;
        if (op.kind === '+' && parent.operator === '+' && conditions.some((c) => c.includes(norm(model.text(op.node)))))
          continue;
        lines.add(op.node.loc.start.line);
        const what = op.kind === '-' ? 'underflow' : 'overflow';
        out.push({
          node: op.node,
          fn: f,
          message: `${model.text(op.node).replace(/\s+/g, ' ').slice(0, 80)} in ${f.contract.name}.${f.name} can ${what}${checkedByDefault ? ' inside an unchecked block' : ''}`,
        });
      }
    }
    return out;
  },
);
