import { defineDetector, type Report } from '../detector.js';
import { mentions, stateRoot } from '../model.js';
import type { Node } from '../types.js';
import { walk } from '../walk.js';
import { functions } from './shared.js';

export default defineDetector(
  {
    id: 'dos-unbounded-loop',
    title: 'Loop over an array anyone can grow',
    swc: 'SWC-128',
    category: 'denial_of_service',
    impact: 'medium',
    confidence: 'medium',
    description:
      'A loop iterates over a storage array (or up to a counter) that any caller can extend; once it is long enough the loop exceeds the block gas limit.',
    exploitScenario:
      'An attacker pushes thousands of cheap entries; the payout or reset function then always runs out of gas and funds are stuck.',
    recommendation: 'Bound the loop, paginate it, or keep per-user state that does not need iteration.',
    placement: 'The loop header; related: where the array grows.',
  },
  (model) => {
    const out: Report[] = [];
    const all = functions(model);
    for (const f of all) {
      if (f.isView) continue;
      const growable = new Set<string>();
      for (const g of f.contract.allFunctions) {
        if (!g.isPublic || g.guarded || g.isView) continue;
        for (const w of g.writes) {
          const n = w.node;
          if (n.type === 'FunctionCall' && n.expression?.memberName === 'push') growable.add(w.name);
          if (n.type === 'UnaryOperation' && n.operator === '++') growable.add(w.name);
          if (n.type === 'BinaryOperation' && n.operator === '+=') growable.add(w.name);
        }
      }
      if (!growable.size) continue;
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
          if (grown)
            out.push({
              node: n,
              until: cond,
              fn: f,
              message: `${f.contract.name}.${f.name} loops over ${grown}, which any caller can grow without bound`,
            });
        },
        model.budget,
      );
    }
    return out;
  },
);
