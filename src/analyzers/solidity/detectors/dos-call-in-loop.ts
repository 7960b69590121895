import { classify, inLoop } from '../calls.js';
import { defineDetector, type Report } from '../detector.js';
import { walk } from '../walk.js';
import { functions } from './shared.js';

export default defineDetector(
  {
    id: 'dos-call-in-loop',
    title: 'External call or transfer inside a loop',
    swc: 'SWC-113',
    category: 'denial_of_service',
    impact: 'medium',
    confidence: 'medium',
    description:
      'One failing or gas-hungry recipient in a loop of payments or external calls blocks the whole loop, and the loop grows with the number of recipients.',
    exploitScenario:
      'One recipient is a contract whose fallback reverts; every payout round reverts and nobody is paid.',
    recommendation:
      'Let each recipient withdraw (pull payments) or process the list in bounded batches that skip failures.',
    placement: 'The call inside the loop; related: the loop.',
  },
  (model) => {
    const out: Report[] = [];
    for (const f of functions(model)) {
      if (f.isView) continue;
      const lines = new Set<number>();
      walk(
        f.node.body,
        (n, ancestors) => {
          if (n.type !== 'FunctionCall' || !inLoop(ancestors)) return;
          const site = classify(n, f, model);
          if (
            site.shape.call !== n ||
            !(
              site.kind === 'eth-transfer' ||
              site.kind === 'eth-send' ||
              site.kind === 'low-level' ||
              site.kind === 'contract'
            )
          )
            return;
          if (site.kind === 'low-level' && site.shape.member !== 'call') return;
          if (lines.has(n.loc.start.line)) return;
          lines.add(n.loc.start.line);
          out.push({
            node: n,
            fn: f,
            message: `${f.contract.name}.${f.name} calls ${model.text(site.target ?? n).slice(0, 40)}.${site.shape.member}() inside a loop`,
          });
        },
        model.budget,
      );
    }
    return out;
  },
);
