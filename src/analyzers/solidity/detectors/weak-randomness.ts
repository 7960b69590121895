import { defineDetector, type Report } from '../detector.js';
import { T_BLOCK, T_PARAM, T_TIME, taintOf } from '../model.js';
import { callShape } from '../syntax.js';
import type { Node } from '../types.js';
import { walk } from '../walk.js';
import { blockReads, functions } from './shared.js';

const HASHES = /^(keccak256|sha3|sha256|ripemd160)$/;

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
    placement:
      'The line that reads the block value: in the hash, modulo or comparison itself when it reads it directly, otherwise where the value was read (a local, a state variable initialiser or assignment, a helper return); related: the hash, modulo or comparison.',
  },
  (model) => {
    const out: Report[] = [];
    const reported = new Set<number>();
    const kinds = T_BLOCK | T_TIME;
    for (const f of functions(model)) {
      const hit = (use: Node, operands: Node[], why: string) => {
        const reads = operands.flatMap((o) =>
          blockReads(o, f, model, { kinds, throughHashes: true, throughState: true }),
        );
        const at = (reads.find((r) => r.direct) ?? reads[0])?.node;
        if (!at || reported.has(at.loc.start.line)) return;
        reported.add(at.loc.start.line);
        out.push({
          node: at,
          fn: f,
          message: `${f.contract.name}.${f.name} derives a random value from ${why}`,
          related: [{ node: use, note: why }],
        });
      };
      walk(
        f.node.body,
        (n) => {
          if (n.type === 'FunctionCall' && HASHES.test(callShape(n).name ?? '')) {
            const args: Node[] = n.arguments ?? [];
            if (args.some((a) => taintOf(a, f) & kinds)) hit(n, args, `block values hashed with ${callShape(n).name}`);
          } else if (n.type === 'BinaryOperation' && n.operator === '%' && taintOf(n.left, f) & kinds) {
            hit(n, [n.left], 'a block value reduced modulo');
          } else if (n.type === 'BinaryOperation' && (n.operator === '==' || n.operator === '!=')) {
            const l = taintOf(n.left, f);
            const r = taintOf(n.right, f);
            if (l & kinds && r & T_PARAM && !(l & T_PARAM)) hit(n, [n.left], 'a block value the caller must guess');
            else if (r & kinds && l & T_PARAM && !(r & T_PARAM))
              hit(n, [n.right], 'a block value the caller must guess');
          }
        },
        model.budget,
      );
    }
    return out;
  },
);
