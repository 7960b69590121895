import { callSites } from '../calls.js';
import { defineDetector, type Report } from '../detector.js';
import { lookupState, mentions, stateRoot, T_SENDER, taintOf } from '../model.js';
import { functions } from './shared.js';

export default defineDetector(
  {
    id: 'front-running-reward',
    title: 'Transaction-order-dependent reward or price',
    swc: 'SWC-114',
    category: 'front_running',
    impact: 'medium',
    confidence: 'low',
    description:
      'A payout to the caller uses a stored amount that another public function can change; the outcome depends on which transaction is mined first.',
    exploitScenario:
      'The owner lowers the reward; a watcher sees the claim in the mempool and front-runs the update, or the owner front-runs a claim to pay less.',
    recommendation:
      'Let callers pass the amount they expect and revert on mismatch, or lock the value while claims are open.',
    placement: 'The payment; related: the functions that change the amount.',
  },
  (model) => {
    const out: Report[] = [];
    for (const f of functions(model)) {
      if (!f.isPublic || f.isView || f.guarded) continue;
      for (const site of callSites(f, model)) {
        if (!site.sendsEth || !site.target || !(taintOf(site.target, f) & T_SENDER)) continue;
        const amount = site.shape.value ?? site.shape.args[0];
        if (!amount) continue;
        const scalars = new Set<string>();
        mentions(
          amount,
          (x) => {
            if (x.type === 'Identifier') {
              const root = stateRoot(x, f);
              const type = root ? (lookupState(f.contract, root)?.type ?? '') : '';
              if (
                root &&
                !type.startsWith('mapping') &&
                !type.endsWith(']') &&
                !lookupState(f.contract, root)?.constant
              )
                scalars.add(root);
            }
            return false;
          },
          model.budget,
        );
        const changers = f.contract.allFunctions.filter(
          (g) => g !== f && g.isPublic && !g.isConstructor && g.writes.some((w) => scalars.has(w.name)),
        );
        if (!changers.length) continue;
        out.push({
          node: site.shape.call,
          fn: f,
          message: `${f.contract.name}.${f.name} pays ${[...scalars].join(', ')}, which ${changers.map((g) => g.name).join(', ')} can change before the claim is mined`,
        });
      }
    }
    return out;
  },
);
