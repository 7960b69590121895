import { defineDetector, type Report } from '../detector.js';
import { isMsgSender, isRequireLike, isTxOrigin } from '../syntax.js';
import type { Node } from '../types.js';
import { walk } from '../walk.js';

export default defineDetector(
  {
    id: 'tx-origin',
    title: 'Authorization through tx.origin',
    swc: 'SWC-115',
    category: 'access_control',
    impact: 'high',
    confidence: 'high',
    description:
      'tx.origin is the account that started the transaction, not the immediate caller; using it for authorization lets any contract the owner interacts with act as the owner.',
    exploitScenario:
      'The owner calls a malicious contract, which calls the wallet; tx.origin is still the owner and the wallet pays the attacker.',
    recommendation: 'Use msg.sender for authorization.',
    placement: 'The comparison (or index) that uses tx.origin.',
  },
  (model) => {
    const out: Report[] = [];
    const seen = new Set<number>();
    const inspect = (cond: Node) => {
      walk(
        cond,
        (n) => {
          let hit = false;
          if (n.type === 'BinaryOperation' && (n.operator === '==' || n.operator === '!=')) {
            hit = (isTxOrigin(n.left) && !isMsgSender(n.right)) || (isTxOrigin(n.right) && !isMsgSender(n.left));
          } else if (n.type === 'IndexAccess' && isTxOrigin(n.index)) hit = true;
          if (hit && !seen.has(n.loc.start.line)) {
            seen.add(n.loc.start.line);
            out.push({
              node: n,
              fn: model.functionOf(n),
              message: `authorization in ${model.functionOf(n)?.name ?? 'a modifier'} of ${model.contracts.find((c) => c.node.range[0] <= n.range![0] && n.range![1] <= c.node.range[1])?.name ?? 'contract'} relies on tx.origin`,
            });
          }
        },
        model.budget,
      );
    };
    walk(
      model.parsed.ast,
      (n) => {
        if (isRequireLike(n) && n.arguments?.[0]) inspect(n.arguments[0]);
        else if ((n.type === 'IfStatement' || n.type === 'WhileStatement' || n.type === 'Conditional') && n.condition)
          inspect(n.condition);
      },
      model.budget,
    );
    return out;
  },
);
