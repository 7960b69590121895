import { defineDetector, type Report } from '../detector.js';
import type { FileModel, FunctionInfo } from '../model.js';
import { lookupState, mentions, stateRoot, T_PARAM, taintOf } from '../model.js';
import { compareVersion, v } from '../parse.js';
import { isIdent, isMember, isNumberLiteral } from '../syntax.js';
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

const RELATIONAL = new Set(['<', '<=', '>', '>=', '==', '!=']);

/** A literal, or a constant state variable. */
function fixed(x: Node, f: FunctionInfo): boolean {
  if (isNumberLiteral(x)) return true;
  return (
    x.type === 'Identifier' &&
    !f.params.has(x.name) &&
    !f.locals.has(x.name) &&
    !!lookupState(f.contract, x.name)?.constant
  );
}

/**
 * Whether a condition elsewhere in the function bounds the operation: for `a - b` a comparison of a
 * with b; for `a + b` and `a * b` the overflow check itself (`a + b >= a`, `c / a == b`), an upper
 * bound on the caller's operand, or that operand tied to msg.value. A condition containing the
 * operation (`require(a - b >= 0)`) wraps with it and bounds nothing.
 */
function guardedBy(op: Op, f: FunctionInfo, model: FileModel): boolean {
  if (fixed(op.left, f) && fixed(op.right, f)) return true;
  const text = (x: Node) => norm(model.text(x));
  const a = text(op.left);
  const b = text(op.right);
  const comparisons: Node[] = [];
  for (const c of f.conditions) {
    if (c.range && op.node.range && c.range[0] <= op.node.range[0] && op.node.range[1] <= c.range[1]) continue;
    walk(
      c,
      (x) => {
        if (x.type === 'BinaryOperation' && RELATIONAL.has(x.operator)) comparisons.push(x);
      },
      model.budget,
    );
  }
  const sides = (c: Node) => [text(c.left), text(c.right)];
  if (op.kind === '-')
    return comparisons.some((c) => {
      const [l, r] = sides(c);
      return (l === a && r === b) || (l === b && r === a);
    });
  const upperBound = (t: string) =>
    comparisons.some((c) => {
      const [l, r] = sides(c);
      return (l === t && ['<', '<=', '=='].includes(c.operator)) || (r === t && ['>', '>=', '=='].includes(c.operator));
    });
  const tiedToValue = (operand: Node) =>
    comparisons.some(
      (c) =>
        (isMember(c.left, 'msg', 'value') && mentions(c.right, (y) => text(y) === text(operand), model.budget)) ||
        (isMember(c.right, 'msg', 'value') && mentions(c.left, (y) => text(y) === text(operand), model.budget)),
    );
  const callerOperands = [op.left, op.right].filter((x) => !fixed(x, f) && taintOf(x, f) & T_PARAM);
  if (callerOperands.length && callerOperands.every((x) => upperBound(text(x)) || tiedToValue(x))) return true;
  if (op.kind === '+')
    return comparisons.some((c) => {
      const [l, r] = sides(c);
      const sum = [`${a}+${b}`, `${b}+${a}`];
      return (sum.includes(l) && (r === a || r === b)) || (sum.includes(r) && (l === a || l === b));
    });
  return comparisons.some((c) => {
    const [l, r] = sides(c);
    return (l.includes('/') && (r === a || r === b)) || (r.includes('/') && (l === a || l === b));
  });
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
    // A wrapped value stored in a local is a bug even where the local is never read again.
    if (a.type === 'VariableDeclarationStatement') return true;
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
      // Constructors run once with values the deployer chooses.
      if (f.isView || f.guarded || f.isConstructor || f.contract.kind === 'library' || f.contract.kind === 'interface')
        continue;
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
        // Time arithmetic (now + 1 days) cannot reach the bounds of uint256.
        if (mentions(op.left, isTimeRead, model.budget) || mentions(op.right, isTimeRead, model.budget)) continue;
        // Amounts the caller picks are what overflows in practice; msg.value and stored totals are bounded by the ETH supply.
        if (!((lt | rt) & T_PARAM) && !(checkedByDefault && stored)) continue;
        if (op.kind === '-' && !(rt & T_PARAM) && !checkedByDefault) continue;
        if (guardedBy(op, f, model)) continue;
        if (op.kind === '+' && subtracted.includes(norm(model.text(op.right)))) continue;
        // Burning the amount just checked against a balance also from the total: the total holds every balance.
        if (op.kind === '-' && subtracted.includes(norm(model.text(op.right))) && stateRoot(op.left, f)) continue;
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

function isTimeRead(n: Node): boolean {
  return (n.type === 'Identifier' && n.name === 'now') || (n.type === 'MemberAccess' && isIdent(n.expression, 'block'));
}
