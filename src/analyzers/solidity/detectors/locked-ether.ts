import { callSites } from '../calls.js';
import { defineDetector, type Report } from '../detector.js';
import { callShape } from '../syntax.js';
import type { Node } from '../types.js';
import { some } from '../walk.js';

export default defineDetector(
  {
    id: 'locked-ether',
    title: 'Contract accepts ETH but cannot send it',
    swc: null,
    category: 'other',
    impact: 'medium',
    confidence: 'high',
    description:
      'The contract has payable functions, yet neither it nor its bases contain any way to move ETH out (transfer, send, call with value, selfdestruct, delegatecall).',
    exploitScenario: 'Users pay into the contract; the balance can never be withdrawn and is lost.',
    recommendation: 'Add a withdrawal path, or remove payable.',
    placement: 'The contract header.',
  },
  (model) => {
    const out: Report[] = [];
    const usedAsBase = new Set(model.contracts.flatMap((c) => c.bases));
    for (const c of model.contracts) {
      if (
        c.kind !== 'contract' ||
        usedAsBase.has(c.name) ||
        c.bases.some((b) => !model.contracts.some((k) => k.name === b))
      )
        continue;
      const fns = c.linear.flatMap((b) => b.functions);
      const payable = fns.filter((f) => f.isPayable && f.node.body);
      if (!payable.length) continue;
      const escapes = fns.some(
        (f) =>
          callSites(f, model).some(
            (s) =>
              s.sendsEth ||
              (s.kind === 'low-level' && s.shape.member !== 'staticcall') ||
              (s.kind === 'contract' && !!s.shape.value),
          ) ||
          some(
            f.node.body,
            (n: Node) =>
              (n.type === 'FunctionCall' && /^(selfdestruct|suicide)$/.test(callShape(n).name ?? '')) ||
              n.type === 'InlineAssemblyStatement',
            model.budget,
          ),
      );
      if (escapes) continue;
      out.push({
        node: c.node,
        until: c.node.baseContracts?.[c.node.baseContracts.length - 1] ?? undefined,
        contract: c,
        message: `${c.name} receives ETH through ${payable.map((f) => f.name).join(', ')} but has no way to send it out`,
      });
    }
    return out;
  },
);
