import { defineDetector, type Report } from '../detector.js';
import { mentions } from '../model.js';
import { isOwnBalance } from '../syntax.js';
import { walk } from '../walk.js';
import { functions } from './shared.js';

export default defineDetector(
  {
    id: 'strict-balance-equality',
    title: 'Strict equality on the contract balance',
    swc: 'SWC-132',
    category: 'denial_of_service',
    impact: 'medium',
    confidence: 'high',
    description:
      'ETH can be forced into a contract (selfdestruct, coinbase) and tokens sent to it freely, so an exact match on its balance can be broken by anyone.',
    exploitScenario:
      'An attacker selfdestructs a contract holding 1 wei into the game; this.balance == target never holds again and the game is stuck.',
    recommendation: 'Compare with >= / <=, or track deposits in a variable.',
    placement: 'The comparison.',
  },
  (model) => {
    const out: Report[] = [];
    for (const f of functions(model)) {
      walk(
        f.node.body,
        (n) => {
          if (
            n.type === 'BinaryOperation' &&
            (n.operator === '==' || n.operator === '!=') &&
            (mentions(n.left, isOwnBalance, model.budget) || mentions(n.right, isOwnBalance, model.budget))
          ) {
            out.push({
              node: n,
              fn: f,
              message: `${f.contract.name}.${f.name} tests the contract balance for exact equality: ${model.text(n).replace(/\s+/g, ' ').slice(0, 80)}`,
            });
          }
        },
        model.budget,
      );
    }
    return out;
  },
);
