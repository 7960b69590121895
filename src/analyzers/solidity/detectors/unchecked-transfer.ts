import { classify, typeOf } from '../calls.js';
import { defineDetector, type Report } from '../detector.js';
import { walk } from '../walk.js';
import { functions } from './shared.js';

const ARITY: Record<string, number> = { transfer: 2, transferFrom: 3, approve: 2 };

export default defineDetector(
  {
    id: 'unchecked-transfer',
    title: 'Unchecked return value of an ERC20 transfer',
    swc: 'SWC-104',
    category: 'unchecked_low_level_calls',
    impact: 'high',
    confidence: 'medium',
    description:
      'Many ERC20 tokens signal failure by returning false instead of reverting; ignoring the result of transfer/transferFrom/approve treats a failed transfer as done.',
    exploitScenario:
      'A deposit calls token.transferFrom() which returns false for lack of allowance; the contract credits the deposit anyway and the attacker withdraws real tokens.',
    recommendation: 'Use SafeERC20 (safeTransfer/safeTransferFrom) or require() the returned value.',
    placement: 'The token call whose boolean is ignored.',
  },
  (model) => {
    const out: Report[] = [];
    for (const f of functions(model)) {
      walk(
        f.node.body,
        (n) => {
          if (n.type !== 'ExpressionStatement' || n.expression?.type !== 'FunctionCall') return;
          const site = classify(n.expression, f, model);
          const member = site.shape.member ?? '';
          if (site.kind !== 'contract' || ARITY[member] !== site.shape.args.length) return;
          const type = typeOf(site.shape.base, f);
          const local = model.contracts.find((c) => c.name === type);
          const declared = local?.allFunctions.find((g) => g.name === member);
          if (declared && !(declared.node.returnParameters ?? []).length) return;
          out.push({
            node: n.expression,
            fn: f,
            message: `${f.contract.name}.${f.name} ignores the boolean returned by ${member}()`,
          });
        },
        model.budget,
      );
    }
    return out;
  },
);
