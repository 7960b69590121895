import { defineDetector, type Report } from '../detector.js';
import { mentions, T_BLOCK, T_PARAM, T_TIME, taintOf } from '../model.js';
import { callShape, isIdent } from '../syntax.js';
import type { Node } from '../types.js';
import { walk } from '../walk.js';
import { functions } from './shared.js';

const HASHES = /^(keccak256|sha3|sha256|ripemd160)$/;

function isBlockSource(n: Node): boolean {
  if (n.type === 'Identifier') return n.name === 'now';
  if (n.type === 'MemberAccess') return isIdent(n.expression, 'block') && n.memberName !== 'blockhash';
  if (n.type === 'FunctionCall') {
    const s = callShape(n);
    return s.name === 'blockhash' || (s.member === 'blockhash' && isIdent(s.base, 'block'));
  }
  return false;
}

export default defineDetector(
  {
    id: 'weak-randomness',
    title: 'Randomness from block values',
    swc: 'SWC-120',
    category: 'bad_randomness',
    impact: 'high',
    confidence: 'medium',
    description:
      'Block timestamp, number, difficulty/prevrandao, coinbase and blockhash are known to (or chosen by) miners and to any contract in the same block; they are not a source of randomness.',
    exploitScenario:
      'An attacker contract computes the same "random" number in the same transaction and only plays when it wins.',
    recommendation: 'Use a verifiable randomness oracle or a commit-reveal scheme across blocks.',
  },
  (model) => {
    const out: Report[] = [];
    for (const f of functions(model)) {
      const origins = new Map<string, Node>();
      walk(
        f.node.body,
        (n) => {
          if (
            n.type === 'VariableDeclarationStatement' &&
            n.initialValue &&
            mentions(n.initialValue, isBlockSource, model.budget)
          ) {
            for (const variable of n.variables ?? []) if (variable?.name) origins.set(variable.name, n.initialValue);
          } else if (
            n.type === 'BinaryOperation' &&
            n.operator === '=' &&
            n.left?.type === 'Identifier' &&
            f.locals.has(n.left.name) &&
            mentions(n.right, isBlockSource, model.budget)
          ) {
            origins.set(n.left.name, n.right);
          }
        },
        model.budget,
      );
      /** Where the block value enters: the expression itself, or the assignment of the local carrying it. */
      const source = (expr: Node): Node => {
        if (mentions(expr, isBlockSource, model.budget)) return expr;
        let origin: Node | undefined;
        mentions(
          expr,
          (x) => {
            if (x.type === 'Identifier' && origins.has(x.name)) origin = origins.get(x.name);
            return !!origin;
          },
          model.budget,
        );
        return origin ?? expr;
      };
      const lines = new Set<number>();
      const hit = (n: Node, why: string) => {
        if (lines.has(n.loc!.start.line)) return;
        lines.add(n.loc!.start.line);
        out.push({ node: n, fn: f, message: `${f.contract.name}.${f.name} derives a random value from ${why}` });
      };
      walk(
        f.node.body,
        (n) => {
          if (n.type === 'FunctionCall' && HASHES.test(callShape(n).name ?? '')) {
            const t = (n.arguments ?? []).reduce((acc: number, a: Node) => acc | taintOf(a, f), 0);
            if (t & (T_BLOCK | T_TIME)) {
              const direct = (n.arguments ?? []).some((a: Node) => mentions(a, isBlockSource, model.budget));
              hit(direct ? n : source(n), `block values hashed with ${callShape(n).name}`);
            }
          } else if (n.type === 'BinaryOperation' && n.operator === '%' && taintOf(n.left, f) & (T_BLOCK | T_TIME)) {
            hit(source(n.left) === n.left ? n : source(n.left), 'a block value reduced modulo');
          } else if (n.type === 'BinaryOperation' && (n.operator === '==' || n.operator === '!=')) {
            const l = taintOf(n.left, f);
            const r = taintOf(n.right, f);
            if (l & T_BLOCK && r & T_PARAM)
              hit(source(n.left) === n.left ? n : source(n.left), 'a block value the caller must guess');
            else if (r & T_BLOCK && l & T_PARAM)
              hit(source(n.right) === n.right ? n : source(n.right), 'a block value the caller must guess');
          }
        },
        model.budget,
      );
    }
    return out;
  },
);
