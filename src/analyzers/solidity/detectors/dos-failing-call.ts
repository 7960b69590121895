import { classify, inLoop } from '../calls.js';
import { defineDetector, type Report } from '../detector.js';
import { mentions, stateRoot, type FileModel } from '../model.js';
import type { Node } from '../types.js';
import { isIdent, isMsgSender, isRequireLike } from '../syntax.js';
import { walk } from '../walk.js';
import { authorityVars, functions } from './shared.js';

/** `(bool ok, ) = x.call{value: v}(""); require(ok);` */
function flagRequired(statement: Node | undefined, conditions: Node[], model: FileModel): boolean {
  if (statement?.type !== 'VariableDeclarationStatement') return false;
  const flag = (statement.variables ?? [])[0]?.name;
  return !!flag && conditions.some((c) => mentions(c, (x) => isIdent(x, flag), model.budget));
}

export default defineDetector(
  {
    id: 'dos-failing-call',
    title: 'A failing payment to a stored address blocks progress',
    swc: 'SWC-113',
    category: 'denial_of_service',
    impact: 'medium',
    confidence: 'medium',
    description:
      'The function must pay a previously stored participant (last bidder, current leader) and reverts when that payment fails, so that participant can block everyone.',
    exploitScenario:
      'The leading bidder is a contract that rejects ETH; every higher bid reverts on the refund and the attacker wins the auction.',
    recommendation:
      'Record refunds and let recipients withdraw them (pull payments) instead of pushing ETH inside the state transition.',
    placement: 'The payment whose failure reverts.',
  },
  (model) => {
    const out: Report[] = [];
    for (const f of functions(model)) {
      if (!f.isPublic || f.isView || f.guarded) continue;
      const authority = authorityVars(f.contract, model);
      walk(
        f.node.body,
        (n, ancestors) => {
          if (n.type !== 'FunctionCall' || inLoop(ancestors)) return;
          const site = classify(n, f, model);
          if (site.shape.call !== n || !site.target || isMsgSender(site.target)) return;
          const checked =
            (site.kind === 'eth-send' || (site.kind === 'low-level' && site.sendsEth)) &&
            (ancestors.some(
              (a) =>
                isRequireLike(a) ||
                (a.type === 'IfStatement' &&
                  a.condition &&
                  a.condition.range[0] <= n.range[0] &&
                  n.range[1] <= a.condition.range[1]),
            ) ||
              flagRequired(ancestors[ancestors.length - 1], f.conditions, model));
          const enforced = site.kind === 'eth-transfer' || checked;
          if (!enforced) return;
          const root = stateRoot(site.target, f);
          if (!root || authority.has(root) || /owner|admin|beneficiary|wallet|treasury|fee|dev|creator/i.test(root))
            return;
          // The blocking pattern replaces the paid participant (new leader, next bidder) or pays an entry of a list.
          const replaced = f.writes.some((w) => w.name === root);
          if (!replaced && site.target.type !== 'IndexAccess') return;
          out.push({
            node: n,
            fn: f,
            message: `${f.contract.name}.${f.name} reverts when the payment to ${model.text(site.target).slice(0, 40)} fails, so that address can block the function`,
          });
        },
        model.budget,
      );
    }
    return out;
  },
);
