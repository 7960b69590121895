import { callSites } from '../calls.js';
import { defineDetector, type Report } from '../detector.js';
import { mentions, stateRoot, T_PARAM, T_SENDER, taintOf } from '../model.js';
import { callShape, isMsgSender, isRequireLike } from '../syntax.js';
import type { Node } from '../types.js';
import { walk } from '../walk.js';
import { functions } from './shared.js';

export default defineDetector(
  {
    id: 'missing-commit-reveal',
    title: 'Secret answer submitted in clear (no commit-reveal)',
    swc: 'SWC-114',
    category: 'front_running',
    impact: 'medium',
    confidence: 'medium',
    description:
      'The caller wins by submitting a value that is compared with a stored answer or hash; the submission is public in the mempool before it is mined.',
    exploitScenario:
      'An attacker copies the correct solution from a pending transaction and resubmits it with a higher gas price, collecting the reward.',
    recommendation: 'Use commit-reveal: commit a hash bound to msg.sender first, reveal in a later block.',
    placement: 'The comparison with the answer.',
  },
  (model) => {
    const out: Report[] = [];
    for (const f of functions(model)) {
      if (!f.isPublic || f.isView || f.guarded) continue;
      const payouts = callSites(f, model).filter((s) => s.sendsEth && s.target && taintOf(s.target, f) & T_SENDER);
      const paysCaller = payouts.length > 0;
      // Comparing the amount to be paid with what the caller expects is a slippage check, not a secret.
      const paidAmounts = payouts.map((s) => s.shape.value ?? s.shape.args[0]).filter((a): a is Node => !!a);
      const recordsCaller = f.writes.some(
        (w) => w.node.type === 'BinaryOperation' && w.node.operator === '=' && isMsgSender(w.node.right),
      );
      if (!paysCaller && !recordsCaller) continue;
      const boundToSender = f.conditions.some((c) =>
        mentions(c, (x) => x.type === 'IndexAccess' && isMsgSender(x.index), model.budget),
      );
      if (boundToSender) continue;
      const seen = new Set<number>();
      const inspect = (cond: Node) =>
        walk(
          cond,
          (x) => {
            if (x.type !== 'BinaryOperation' || x.operator !== '==') return;
            for (const [guess, answer] of [
              [x.left, x.right],
              [x.right, x.left],
            ]) {
              if (!(taintOf(guess, f) & T_PARAM) || taintOf(answer, f) & T_PARAM) continue;
              if (mentions(guess, (y) => y.type === 'FunctionCall' && callShape(y).name === 'ecrecover', model.budget))
                continue;
              const answerRoot = stateRoot(answer, f);
              if (
                answerRoot &&
                paidAmounts.some((a) => mentions(a, (y) => stateRoot(y, f) === answerRoot, model.budget))
              )
                continue;
              if (paidAmounts.some((a) => model.text(a) === model.text(guess))) continue;
              const hashed =
                guess.type === 'FunctionCall' && /^(keccak256|sha3|sha256)$/.test(callShape(guess).name ?? '');
              const stored =
                !!stateRoot(answer, f) ||
                answer.type === 'HexNumber' ||
                answer.type === 'NumberLiteral' ||
                answer.type === 'HexLiteral' ||
                answer.type === 'StringLiteral';
              if ((hashed || stored) && !seen.has(x.loc.start.line)) {
                seen.add(x.loc.start.line);
                out.push({
                  node: x,
                  fn: f,
                  message: `${f.contract.name}.${f.name} rewards whoever submits ${model.text(guess).slice(0, 40)} first; the value is visible before it is mined`,
                });
              }
            }
          },
          model.budget,
        );
      walk(
        f.node.body,
        (n) => {
          if (isRequireLike(n) && n.arguments?.[0]) inspect(n.arguments[0]);
          else if (n.type === 'IfStatement' && n.condition) inspect(n.condition);
        },
        model.budget,
      );
    }
    return out;
  },
);
