import { defineDetector, type Report } from '../detector.js';
import { callShape } from '../syntax.js';
import type { Node } from '../types.js';
import { find } from '../walk.js';
import { functions, headerOf } from './shared.js';

const IMPLEMENTATION = /impl|implementation|logic|master|delegate|target|proxied|library/i;

export default defineDetector(
  {
    id: 'unprotected-upgrade',
    title: 'Anyone can upgrade the implementation',
    swc: 'SWC-105',
    category: 'access_control',
    impact: 'high',
    confidence: 'medium',
    description:
      'A public function without access control changes the implementation a proxy delegates to, or an upgrade authorization hook is empty.',
    exploitScenario:
      'An attacker points the proxy at his own contract and then runs arbitrary code with the proxy storage and balance.',
    recommendation:
      'Guard upgrade functions with the admin check; _authorizeUpgrade must revert for unauthorized callers.',
    placement:
      'The header of the public function anyone can call (or of the empty upgrade hook); related: the write or upgrade call.',
  },
  (model) => {
    const out: Report[] = [];
    for (const f of functions(model)) {
      if (
        f.name === '_authorizeUpgrade' &&
        !(f.node.modifiers ?? []).length &&
        !(f.node.body?.statements ?? []).length
      ) {
        out.push({ node: headerOf(f), fn: f, message: `${f.contract.name}._authorizeUpgrade accepts every caller` });
        continue;
      }
      if (!f.isPublic || f.guarded || f.isConstructor) continue;
      const delegateTargets = new Set<string>();
      for (const g of f.contract.allFunctions) {
        for (const dc of find(
          g.node.body,
          (n: Node) => n.type === 'FunctionCall' && callShape(n).member === 'delegatecall',
          model.budget,
        )) {
          const base = callShape(dc).base;
          if (base?.type === 'Identifier') delegateTargets.add(base.name);
        }
      }
      const changes: { node: Node; note: string }[] = [];
      for (const w of f.writes)
        if (delegateTargets.has(w.name) || IMPLEMENTATION.test(w.name))
          changes.push({ node: w.node, note: `changes ${w.name}, the delegation target` });
      for (const call of f.internalCalls) {
        const name = callShape(call).name ?? '';
        if (/^_?(upgradeTo|upgradeToAndCall|setImplementation|_setImplementation|upgradeToAndCallUUPS)$/.test(name))
          changes.push({ node: call, note: `calls ${name}()` });
      }
      if (changes.length)
        out.push({
          node: headerOf(f),
          fn: f,
          message: `${f.contract.name}.${f.name} ${changes[0].note} without an access check`,
          related: changes,
        });
    }
    return out;
  },
);
