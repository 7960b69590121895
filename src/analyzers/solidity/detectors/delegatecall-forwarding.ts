import { defineDetector, type Report } from '../detector.js';
import type { ContractInfo, FileModel, FunctionInfo } from '../model.js';
import { T_DATA, T_PARAM, taintOf } from '../model.js';
import { callShape, stripCasts } from '../syntax.js';
import type { Node } from '../types.js';
import { find } from '../walk.js';
import { delegateCalls, openSetters } from './controlled-delegatecall.js';
import { authorityVars, functions, headerOf } from './shared.js';
import { isOpenInitializer } from './unprotected-initializer.js';
import { unguardedAuthorityWrites } from './unprotected-owner-change.js';

/** Public functions of a contract that anyone may call to take it over: open initializers, owner setters, self-destruction. */
function takeovers(c: ContractInfo, model: FileModel): FunctionInfo[] {
  const authority = authorityVars(c, model);
  return c.allFunctions.filter(
    (g) =>
      g.isPublic &&
      !g.guarded &&
      !g.isView &&
      g.node.body &&
      (isOpenInitializer(g, model) ||
        unguardedAuthorityWrites(g, authority, model).length > 0 ||
        find(
          g.node.body,
          (n: Node) => n.type === 'FunctionCall' && /^(selfdestruct|suicide)$/.test(callShape(n).name ?? ''),
          model.budget,
        ).length > 0),
  );
}

/** The contract of the file a delegatecall target designates: by the target's declared type, or by its name. */
function codeBehind(target: Node, f: FunctionInfo, model: FileModel): ContractInfo | undefined {
  const t = stripCasts(target);
  if (t.type !== 'Identifier') return undefined;
  const declared = f.params.get(t.name) ?? f.locals.get(t.name);
  const stateType = f.contract.linear.map((b) => b.stateVars.get(t.name)?.type).find(Boolean);
  const byType = model.contracts.find((c) => c.name === declared || c.name === stateType);
  if (byType) return byType;
  const plain = t.name.replace(/^_+|_+$/g, '').toLowerCase();
  return model.contracts.find((c) => c !== f.contract && c.name.toLowerCase() === plain);
}

export default defineDetector(
  {
    id: 'delegatecall-forwarding',
    title: 'delegatecall forwards any call to code with unprotected functions',
    swc: 'SWC-112',
    category: 'access_control',
    impact: 'high',
    confidence: 'medium',
    description:
      "A public function (typically the fallback) forwards the caller's call data through delegatecall to library code that has public functions without access control, such as an initializer; through the forwarder anyone can run them with this contract's storage.",
    exploitScenario:
      "As in the Parity multi-signature wallet: an attacker sends initWallet(...) to the wallet, the fallback forwards it to the library, and the library's unprotected initializer makes the attacker the wallet's owner.",
    recommendation:
      'Forward only known function selectors, or protect every state-changing function of the library (initializers run once, owner checks everywhere).',
    placement:
      "The delegatecall forwarding the caller's data; related: the unprotected functions of the code it reaches.",
  },
  (model) => {
    const out: Report[] = [];
    for (const f of functions(model)) {
      if (!f.isPublic || f.guarded) continue;
      for (const site of delegateCalls(f, model)) {
        const target = site.target!;
        const data = site.shape.args;
        if (data.length !== 1 || (taintOf(data[0], f) & (T_DATA | T_PARAM)) === 0) continue;
        // A target the caller controls is controlled-delegatecall's finding.
        if (taintOf(target, f) & (T_PARAM | T_DATA) || openSetters(target, f).length) continue;
        const code = codeBehind(target, f, model);
        if (!code) continue;
        const open = takeovers(code, model);
        if (!open.length) continue;
        out.push({
          node: site.shape.call,
          fn: f,
          message: `${f.contract.name}.${f.name} forwards any call to ${code.name}, where anyone can call ${open.map((g) => g.name).join(', ')}`,
          related: open.map((g) => ({ node: headerOf(g), note: `${code.name}.${g.name} has no access check` })),
        });
      }
    }
    return out;
  },
);
