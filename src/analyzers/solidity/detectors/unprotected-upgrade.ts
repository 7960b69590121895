import { defineDetector, type Report } from '../detector.js';
import { callShape } from '../syntax.js';
import type { Node } from '../types.js';
import { find } from '../walk.js';
import { functions } from './shared.js';

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
        out.push({ node: f.node, fn: f, message: `${f.contract.name}._authorizeUpgrade accepts every caller` });
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
      for (const w of f.writes) {
        if (!(delegateTargets.has(w.name) || IMPLEMENTATION.test(w.name))) continue;
        out.push({
          node: w.node,
          fn: f,
          message: `${f.contract.name}.${f.name} changes ${w.name}, the delegation target, without an access check`,
        });
      }
      for (const call of f.internalCalls) {
        const name = callShape(call).name ?? '';
        if (/^_?(upgradeTo|upgradeToAndCall|setImplementation|_setImplementation|upgradeToAndCallUUPS)$/.test(name))
          out.push({
            node: call,
            fn: f,
            message: `${f.contract.name}.${f.name} calls ${name}() without an access check`,
          });
      }
    }
    return out;
  },
);
