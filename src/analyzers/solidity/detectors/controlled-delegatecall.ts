import { callSites } from '../calls.js';
import { defineDetector, type Report } from '../detector.js';
import { stateRoot, T_DATA, T_PARAM, taintOf } from '../model.js';
import { functions } from './shared.js';

export default defineDetector(
  {
    id: 'controlled-delegatecall',
    title: 'delegatecall to an address the caller controls',
    swc: 'SWC-112',
    category: 'access_control',
    impact: 'high',
    confidence: 'medium',
    description:
      "delegatecall runs foreign code with this contract's storage and balance; here the target comes from the caller, directly or through a variable anyone can set.",
    exploitScenario:
      'An attacker passes his own contract as target; its code overwrites the owner slot or selfdestructs the wallet.',
    recommendation: 'Delegate only to fixed, trusted code; restrict who can set the target.',
    placement: 'The delegatecall; related: the public function that lets anyone set the target.',
  },
  (model) => {
    const out: Report[] = [];
    const all = functions(model);
    for (const f of all) {
      if (!f.isPublic || f.guarded) continue;
      for (const site of callSites(f, model)) {
        if (site.kind !== 'low-level' || !/^(delegatecall|callcode)$/.test(site.shape.member ?? '') || !site.target)
          continue;
        let controlled = (taintOf(site.target, f) & (T_PARAM | T_DATA)) !== 0;
        const root = stateRoot(site.target, f);
        if (!controlled && root) {
          controlled = all.some(
            (g) =>
              g.contract === f.contract &&
              g.isPublic &&
              !g.guarded &&
              g.writes.some(
                (w) =>
                  w.name === root &&
                  w.node.type === 'BinaryOperation' &&
                  (taintOf(w.node.right, g) & (T_PARAM | T_DATA)) !== 0,
              ),
          );
        }
        if (controlled)
          out.push({
            node: site.shape.call,
            fn: f,
            message: `${f.contract.name}.${f.name} delegatecalls ${model.text(site.target)}, which the caller controls`,
          });
      }
    }
    return out;
  },
);
