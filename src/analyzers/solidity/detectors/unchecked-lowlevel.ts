import { classify } from '../calls.js';
import { defineDetector, type Report } from '../detector.js';
import { mentions } from '../model.js';
import { isIdent } from '../syntax.js';
import type { Node } from '../types.js';
import { walk } from '../walk.js';
import { functions } from './shared.js';

export default defineDetector(
  {
    id: 'unchecked-lowlevel',
    title: 'Unchecked return value of a low-level call or send',
    swc: 'SWC-104',
    category: 'unchecked_low_level_calls',
    impact: 'medium',
    confidence: 'high',
    description:
      'call, delegatecall, callcode and send report failure through their return value only; ignoring it lets execution continue as if the call succeeded.',
    exploitScenario:
      'A payout fails (the recipient reverts or runs out of gas) but the contract marks it as paid, so the funds are lost or stuck.',
    recommendation: 'Check the returned boolean (require(success)) or use transfer / a pull-payment pattern.',
    placement: 'The call or send whose result is ignored.',
  },
  (model) => {
    const out: Report[] = [];
    for (const f of functions(model)) {
      walk(
        f.node.body,
        (n, ancestors) => {
          if (n.type === 'ExpressionStatement' && n.expression?.type === 'FunctionCall') {
            const site = classify(n.expression, f, model);
            if ((site.kind === 'low-level' && site.shape.member !== 'staticcall') || site.kind === 'eth-send') {
              out.push({
                node: n.expression,
                fn: f,
                message: `${f.contract.name}.${f.name} ignores the return value of ${site.shape.member}()`,
              });
            }
          } else if (n.type === 'VariableDeclarationStatement' && n.initialValue?.type === 'FunctionCall') {
            const site = classify(n.initialValue, f, model);
            if (!(site.kind === 'low-level' || site.kind === 'eth-send') || site.shape.member === 'staticcall') return;
            const flag: Node | undefined = (n.variables ?? [])[0];
            if (!flag?.name) {
              out.push({
                node: n.initialValue,
                fn: f,
                message: `${f.contract.name}.${f.name} discards the success flag of ${site.shape.member}()`,
              });
              return;
            }
            const scope = ancestors[ancestors.length - 1];
            const used = (scope?.statements ?? []).some(
              (s: Node) =>
                s !== n &&
                (s.range?.[0] ?? 0) > (n.range?.[0] ?? 0) &&
                mentions(s, (x) => isIdent(x, flag.name), model.budget),
            );
            if (!used)
              out.push({
                node: n.initialValue,
                fn: f,
                message: `${f.contract.name}.${f.name} never checks ${flag.name}, the result of ${site.shape.member}()`,
              });
          }
        },
        model.budget,
      );
    }
    return out;
  },
);
