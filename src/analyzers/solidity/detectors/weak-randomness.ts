import { defineDetector, type Report } from '../detector.js';
import { T_BLOCK, T_PARAM, T_TIME, taintOf } from '../model.js';
import { callShape } from '../syntax.js';
import { walk } from '../walk.js';
import { functions } from './shared.js';

const HASHES = /^(keccak256|sha3|sha256|ripemd160)$/;

export default defineDetector(
  {
    id: 'weak-randomness',
    title: 'Randomness from block values',
    swc: 'SWC-120',
    category: 'bad_randomness',
    impact: 'high',
    confidence: 'medium',
    description: 'Block timestamp, number, difficulty/prevrandao, coinbase and blockhash are known to (or chosen by) miners and to any contract in the same block; they are not a source of randomness.',
    exploitScenario: 'An attacker contract computes the same "random" number in the same transaction and only plays when it wins.',
    recommendation: 'Use a verifiable randomness oracle or a commit-reveal scheme across blocks.',
  },
  (model) => {
    const out: Report[] = [];
    for (const f of functions(model)) {
      const lines = new Set<number>();
      const hit = (n: import('../types.js').Node, why: string) => {
        if (lines.has(n.loc!.start.line)) return;
        lines.add(n.loc!.start.line);
        out.push({ node: n, fn: f, message: `${f.contract.name}.${f.name} derives a random value from ${why}` });
      };
      walk(f.node.body, (n) => {
        if (n.type === 'FunctionCall' && HASHES.test(callShape(n).name ?? '')) {
          const t = (n.arguments ?? []).reduce((acc: number, a: import('../types.js').Node) => acc | taintOf(a, f), 0);
          if (t & (T_BLOCK | T_TIME)) hit(n, `block values hashed with ${callShape(n).name}`);
        } else if (n.type === 'BinaryOperation' && n.operator === '%' && taintOf(n.left, f) & (T_BLOCK | T_TIME)) {
          hit(n, 'a block value reduced modulo');
        } else if (n.type === 'BinaryOperation' && (n.operator === '==' || n.operator === '!=')) {
          const l = taintOf(n.left, f);
          const r = taintOf(n.right, f);
          if (((l & T_BLOCK) && (r & T_PARAM)) || ((r & T_BLOCK) && (l & T_PARAM))) hit(n, 'a block value the caller must guess');
        }
      }, model.budget);
    }
    return out;
  },
);
