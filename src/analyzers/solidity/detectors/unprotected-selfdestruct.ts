import { defineDetector, type Report } from '../detector.js';
import { lookupFunction } from '../model.js';
import { callShape } from '../syntax.js';
import type { Node } from '../types.js';
import { find } from '../walk.js';
import { functions, headerOf } from './shared.js';

export default defineDetector(
  {
    id: 'unprotected-selfdestruct',
    title: 'Anyone can destroy the contract',
    swc: 'SWC-106',
    category: 'access_control',
    impact: 'high',
    confidence: 'high',
    description: 'A public function reaches selfdestruct (suicide) without checking who the caller is.',
    exploitScenario:
      'An attacker calls the function, the contract is destroyed and its balance sent where the code says; users lose the contract and its funds.',
    recommendation: 'Restrict the function to an authorized role, or remove selfdestruct.',
    placement: 'The header of the public function anyone can call; related: the selfdestruct it reaches.',
  },
  (model) => {
    const out: Report[] = [];
    const isKill = (n: Node) => n.type === 'FunctionCall' && /^(selfdestruct|suicide)$/.test(callShape(n).name ?? '');
    for (const f of functions(model)) {
      if (!f.isPublic || f.guarded) continue;
      const direct = find(f.node.body, isKill, model.budget);
      const viaHelpers = f.internalCalls.flatMap((call) => {
        const target = lookupFunction(f.contract, callShape(call).name ?? '');
        return target && !target.isPublic && !target.guarded ? find(target.node.body, isKill, model.budget) : [];
      });
      const kills = [...direct, ...viaHelpers];
      if (kills.length)
        out.push({
          node: headerOf(f),
          fn: f,
          message: `${f.contract.name}.${f.name} reaches ${callShape(kills[0]).name}() without an access check`,
          related: kills.map((k) => ({ node: k, note: `${callShape(k).name}() reached` })),
        });
    }
    return out;
  },
);
