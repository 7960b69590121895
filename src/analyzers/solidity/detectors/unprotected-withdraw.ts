import { callSites } from '../calls.js';
import { defineDetector, type Report } from '../detector.js';
import { mentions, T_DATA, T_PARAM, T_SENDER, taintOf } from '../model.js';
import { isMember, isOwnBalance } from '../syntax.js';
import { functions } from './shared.js';

export default defineDetector(
  {
    id: 'unprotected-withdraw',
    title: 'Anyone can withdraw the contract funds',
    swc: 'SWC-105',
    category: 'access_control',
    impact: 'high',
    confidence: 'medium',
    description:
      'A public function sends the contract balance, or an amount the caller picks, to the caller without checking who the caller is or what the caller is owed.',
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
      for (const site of callSites(f, model)) {
        if (!site.sendsEth || !site.target) continue;
        if ((taintOf(site.target, f) & T_SENDER) === 0) continue;
        const amount = site.shape.value ?? site.shape.args[0];
        if (!amount) continue;
        const whole = mentions(amount, isOwnBalance, model.budget);
        if (!whole && (taintOf(amount, f) & (T_PARAM | T_DATA)) === 0) continue;
        out.push({
          node: site.shape.call,
          fn: f,
          message: `${f.contract.name}.${f.name} pays ${model.text(amount)} to the caller without an access check`,
        });
      }
    }
    return out;
  },
);
