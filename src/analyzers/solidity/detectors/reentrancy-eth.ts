import { defineDetector, type Report } from '../detector.js';
import { callsThenWrites, functions, names } from './shared.js';

export default defineDetector(
  {
    id: 'reentrancy-eth',
    title: 'Reentrancy: state written after sending ETH',
    swc: 'SWC-107',
    category: 'reentrancy',
    impact: 'high',
    confidence: 'medium',
    description:
      'A function sends ETH with a call that forwards all gas and only afterwards updates state the same or another function relies on.',
    exploitScenario:
      'A contract receiving the ETH re-enters withdraw() from its fallback before the balance is zeroed and drains the contract (also through another function reading the stale balance).',
    recommendation:
      'Update state before the external call (checks-effects-interactions) or protect every function touching that state with a reentrancy lock.',
    placement:
      'The external call through which the callee can re-enter (inside the helper, when a helper of the contract makes it); related: the state writes after it.',
  },
  (model) => {
    const out: Report[] = [];
    for (const f of functions(model)) {
      if (!f.isPublic || f.isView || f.lockGuarded) continue;
      for (const hit of callsThenWrites(f, model)) {
        if (!hit.site.sendsEth || hit.holder.lockGuarded) continue;
        out.push({
          node: hit.site.shape.call,
          fn: f,
          message: `${f.contract.name}.${f.name} sends ETH in an external call and writes ${names(hit.writes)} afterwards`,
        });
      }
    }
    return out;
  },
);
