import { callSites } from '../calls.js';
import { defineDetector, type Report } from '../detector.js';
import { mentions, T_DATA, T_PARAM, taintOf, type FileModel } from '../model.js';
import { callShape, isIdent, isMember, isRequireLike } from '../syntax.js';
import type { Node } from '../types.js';
import { walk } from '../walk.js';
import { functions } from './shared.js';

/** A require on the flag, or an `if` on it that reverts. */
function revertsOnFailure(body: Node, flag: string, model: FileModel): boolean {
  const usesFlag = (c: Node) => mentions(c, (x) => isIdent(x, flag), model.budget);
  const reverts = (b: Node) =>
    mentions(
      b,
      (x) =>
        x.type === 'RevertStatement' ||
        x.type === 'ThrowStatement' ||
        (x.type === 'FunctionCall' && callShape(x).name === 'revert'),
      model.budget,
    );
  return mentions(
    body,
    (n) =>
      (isRequireLike(n) && !!n.arguments?.[0] && usesFlag(n.arguments[0])) ||
      (n.type === 'IfStatement' && usesFlag(n.condition) && reverts(n.trueBody)),
    model.budget,
  );
}

export default defineDetector(
  {
    id: 'gas-griefing',
    title: 'Relayed call without a gas check (insufficient gas griefing)',
    swc: 'SWC-126',
    category: 'denial_of_service',
    impact: 'medium',
    confidence: 'low',
    description:
      'The function forwards caller-supplied data to another contract and records the call as done, but does not ensure enough gas was forwarded; a relayer can make the inner call fail while the outer one succeeds.',
    exploitScenario:
      "A relayer submits a meta-transaction with just enough gas for the outer function; the inner call runs out of gas, the nonce is burnt and the user's action never happens.",
    recommendation: 'Require gasleft() to cover the gas the signer asked for and revert when the inner call fails.',
    placement: 'The relayed call.',
  },
  (model) => {
    const out: Report[] = [];
    for (const f of functions(model)) {
      if (!f.isPublic || f.isView || !f.writes.length) continue;
      const checksGas = f.conditions.some((c) =>
        mentions(
          c,
          (x) => (x.type === 'FunctionCall' && callShape(x).name === 'gasleft') || isMember(x, 'msg', 'gas'),
          model.budget,
        ),
      );
      if (checksGas) continue;
      const enforced = new Set<Node>();
      walk(
        f.node.body,
        (n, ancestors) => {
          if (n.type !== 'FunctionCall') return;
          const parent = ancestors[ancestors.length - 1];
          const flag = parent?.type === 'VariableDeclarationStatement' ? (parent.variables ?? [])[0]?.name : null;
          if (ancestors.some(isRequireLike) || (flag && revertsOnFailure(f.node.body, flag, model))) enforced.add(n);
        },
        model.budget,
      );
      for (const site of callSites(f, model)) {
        if (site.kind !== 'low-level' || site.shape.member !== 'call' || enforced.has(site.shape.call)) continue;
        const data = site.shape.args[0];
        if (!data || !(taintOf(data, f) & (T_PARAM | T_DATA))) continue;
        const bytesParam = [...f.params.entries()].some(
          ([name, type]) =>
            type === 'bytes' && mentions(data, (x) => x.type === 'Identifier' && x.name === name, model.budget),
        );
        if (!bytesParam) continue;
        out.push({
          node: site.shape.call,
          fn: f,
          message: `${f.contract.name}.${f.name} relays caller data through call() without checking the gas left`,
        });
      }
    }
    return out;
  },
);
