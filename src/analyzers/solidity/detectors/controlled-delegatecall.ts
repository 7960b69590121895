import { callSites, type CallSite } from '../calls.js';
import { defineDetector, type Report } from '../detector.js';
import { stateRoot, T_DATA, T_PARAM, taintOf, type FileModel, type FunctionInfo } from '../model.js';
import type { Node } from '../types.js';
import { functions, headerOf } from './shared.js';

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
    for (const f of functions(model)) {
      if (!f.isPublic || f.guarded) continue;
      for (const site of delegateCalls(f, model)) {
        const setters = openSetters(site.target!, f);
        if ((taintOf(site.target, f) & (T_PARAM | T_DATA)) === 0 && !setters.length) continue;
        out.push({
          node: site.shape.call,
          fn: f,
          message: `${f.contract.name}.${f.name} delegatecalls ${model.text(site.target!)}, which the caller controls`,
          related: setters.map((g) => ({ node: headerOf(g), note: `${g.name} lets anyone set the target` })),
        });
      }
    }
    return out;
  },
);

export function delegateCalls(f: FunctionInfo, model: FileModel): CallSite[] {
  return callSites(f, model).filter(
    (site) => site.kind === 'low-level' && /^(delegatecall|callcode)$/.test(site.shape.member ?? '') && !!site.target,
  );
}

/** Public functions without access control that store a caller-chosen value in the state variable the target reads. */
export function openSetters(target: Node, f: FunctionInfo): FunctionInfo[] {
  const root = stateRoot(target, f);
  if (!root) return [];
  return f.contract.allFunctions.filter(
    (g) =>
      g.isPublic &&
      !g.guarded &&
      g.writes.some(
        (w) =>
          w.name === root && w.node.type === 'BinaryOperation' && (taintOf(w.node.right, g) & (T_PARAM | T_DATA)) !== 0,
      ),
  );
}
