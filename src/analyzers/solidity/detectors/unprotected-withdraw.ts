import { callSites } from '../calls.js';
import { defineDetector, type Report } from '../detector.js';
import { lookupState, mentions, T_DATA, T_PARAM, T_SENDER, taintOf, type FunctionInfo } from '../model.js';
import { isMember, isNumberLiteral, isOwnBalance, stripCasts } from '../syntax.js';
import type { Node } from '../types.js';
import { functions, headerOf } from './shared.js';

export default defineDetector(
  {
    id: 'unprotected-withdraw',
    title: 'Anyone can withdraw the contract funds',
    swc: 'SWC-105',
    category: 'access_control',
    impact: 'high',
    confidence: 'medium',
    description:
      'A public function sends the contract balance, an amount the caller picks, or a fixed amount the caller can claim again and again, to the caller without checking who the caller is or what the caller is owed.',
    exploitScenario: 'An attacker calls withdraw() and receives the funds that belong to the owner or to other users.',
    recommendation: 'Restrict the function to the owner or pay only the amount recorded for msg.sender.',
    placement: 'The header of the public function anyone can call; related: the payment.',
  },
  (model) => {
    const out: Report[] = [];
    for (const f of functions(model)) {
      if (!f.isPublic || f.guarded || f.checksSender || f.isView) continue;
      if (f.conditions.some((c) => mentions(c, (x) => isMember(x, 'msg', 'value'), model.budget))) continue;
      // A payout behind an answer check (puzzle, expected amount) is conditional on the input, not open to anyone.
      if (
        f.conditions.some((c) =>
          mentions(
            c,
            (x) =>
              x.type === 'BinaryOperation' &&
              x.operator === '==' &&
              ((taintOf(x.left, f) | taintOf(x.right, f)) & T_PARAM) !== 0,
            model.budget,
          ),
        )
      )
        continue;
      // A fixed prize behind an exact match (a game's winning condition) is won, not taken.
      const matches = f.conditions.some((c) =>
        mentions(c, (x) => x.type === 'BinaryOperation' && (x.operator === '==' || x.operator === '!='), model.budget),
      );
      const payments = callSites(f, model).filter((site) => {
        if (!site.sendsEth || !site.target || (taintOf(site.target, f) & T_SENDER) === 0) return false;
        const amount = site.shape.value ?? site.shape.args[0];
        if (!amount) return false;
        // The whole balance, an amount the caller picks, or a fixed amount the caller can take again and again.
        return (
          mentions(amount, isOwnBalance, model.budget) ||
          (taintOf(amount, f) & (T_PARAM | T_DATA)) !== 0 ||
          (fixedAmount(amount, f) && !matches)
        );
      });
      if (!payments.length) continue;
      const amount = payments[0].shape.value ?? payments[0].shape.args[0];
      out.push({
        node: headerOf(f),
        fn: f,
        message: `${f.contract.name}.${f.name} pays ${model.text(amount)} to the caller without an access check`,
        related: payments.map((p) => ({ node: p.shape.call, note: 'the payment' })),
      });
    }
    return out;
  },
);

/** A literal amount, or a constant state variable holding one. */
function fixedAmount(amount: Node, f: FunctionInfo): boolean {
  const a = stripCasts(amount);
  if (isNumberLiteral(a)) return true;
  if (a.type !== 'Identifier' || f.params.has(a.name) || f.locals.has(a.name)) return false;
  return !!lookupState(f.contract, a.name)?.constant;
}
