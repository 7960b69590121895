import { defineDetector, type Report } from '../detector.js';
import { mentions, stateRoot } from '../model.js';
import { isIdent, isMsgSender } from '../syntax.js';
import { functions } from './shared.js';

export default defineDetector(
  {
    id: 'front-running-approve',
    title: 'ERC20 approve race',
    swc: 'SWC-114',
    category: 'front_running',
    impact: 'low',
    confidence: 'medium',
    description:
      'approve() overwrites a non-zero allowance directly; a spender who sees the change in the mempool can spend the old allowance first and the new one afterwards.',
    exploitScenario:
      "Alice lowers Bob's allowance from 100 to 50; Bob front-runs with transferFrom(100) and then spends the new 50 as well.",
    recommendation:
      'Require the allowance to be zero (or equal to an expected value) before setting it, or offer increaseAllowance/decreaseAllowance.',
    placement: 'The allowance write.',
  },
  (model) => {
    const out: Report[] = [];
    for (const f of functions(model)) {
      if (!(f.isPublic ? f.name === 'approve' : f.name === '_approve') || f.params.size < 2) continue;
      for (const w of f.writes) {
        const n = w.node;
        if (
          n.type !== 'BinaryOperation' ||
          n.operator !== '=' ||
          n.left?.type !== 'IndexAccess' ||
          n.left.base?.type !== 'IndexAccess'
        )
          continue;
        if (
          !isMsgSender(n.left.base.index) &&
          !(n.left.base.index?.type === 'Identifier' && f.params.has(n.left.base.index.name))
        )
          continue;
        const value = n.right?.type === 'Identifier' ? n.right.name : null;
        const guarded = f.conditions.some((c) =>
          mentions(
            c,
            (x) => (x.type === 'IndexAccess' && stateRoot(x, f) === w.name) || (value !== null && isIdent(x, value)),
            model.budget,
          ),
        );
        if (guarded) continue;
        out.push({
          node: n,
          fn: f,
          message: `${f.contract.name}.${f.name} overwrites ${w.name} without requiring the previous allowance to be zero`,
        });
      }
    }
    return out;
  },
);
