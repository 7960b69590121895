import { callSites } from '../calls.js';
import { defineDetector, type Report } from '../detector.js';
import { mentions } from '../model.js';
import { isMember, isRequireLike, stripCasts } from '../syntax.js';
import type { Node } from '../types.js';
import { walk } from '../walk.js';
import { functions } from './shared.js';

function isTime(n: Node): boolean {
  return (n.type === 'Identifier' && n.name === 'now') || isMember(n, 'block', 'timestamp');
}

export default defineDetector(
  {
    id: 'timestamp-dependence',
    title: 'Decision depends on the block timestamp',
    swc: 'SWC-116',
    category: 'time_manipulation',
    impact: 'medium',
    confidence: 'medium',
    description:
      'Miners can shift block.timestamp by several seconds; exact comparisons, modulo tricks and payouts gated on the timestamp can be steered.',
    exploitScenario:
      'A miner picks the timestamp so that now % 15 == 0 holds in the block where he calls play() and collects the pot.',
    recommendation:
      'Do not use the timestamp for exact matches or randomness; allow for a tolerance of minutes in deadlines.',
  },
  (model) => {
    const out: Report[] = [];
    for (const f of functions(model)) {
      if (f.isView) continue;
      const pays = callSites(f, model).some(
        (s) => s.sendsEth || /^(transfer|transferFrom|mint|safeTransfer)$/.test(s.shape.member ?? ''),
      );
      const aliases = new Set<string>();
      walk(
        f.node.body,
        (n) => {
          if (n.type === 'VariableDeclarationStatement' && n.initialValue && isTime(stripCasts(n.initialValue)))
            for (const variable of n.variables ?? []) if (variable?.name) aliases.add(variable.name);
        },
        model.budget,
      );
      // Only the timestamp itself (or a local holding it unchanged) counts; hashed or reduced values are randomness, reported elsewhere.
      const timed = (n: Node) =>
        mentions(n, (x) => isTime(x) || (x.type === 'Identifier' && aliases.has(x.name)), model.budget);
      const lines = new Set<number>();
      const consider = (cond: Node) => {
        if (!timed(cond) || lines.has(cond.loc!.start.line)) return;
        const exact = mentions(
          cond,
          (x) =>
            x.type === 'BinaryOperation' &&
            (((x.operator === '==' || x.operator === '!=') && (timed(x.left) || timed(x.right))) ||
              (x.operator === '%' && timed(x.left))),
          model.budget,
        );
        if (!exact && !pays) return;
        lines.add(cond.loc!.start.line);
        out.push({
          node: cond,
          fn: f,
          message: `${f.contract.name}.${f.name} ${exact ? 'matches the block timestamp exactly' : 'gates a payout on the block timestamp'}: ${model.text(cond).replace(/\s+/g, ' ').slice(0, 80)}`,
        });
      };
      walk(
        f.node.body,
        (n) => {
          if (isRequireLike(n) && n.arguments?.[0]) consider(n.arguments[0]);
          else if ((n.type === 'IfStatement' || n.type === 'WhileStatement' || n.type === 'Conditional') && n.condition)
            consider(n.condition);
          else if (
            n.type === 'VariableDeclarationStatement' &&
            n.initialValue &&
            (n.variables ?? [])[0]?.typeName?.name === 'bool'
          )
            consider(n.initialValue);
        },
        model.budget,
      );
    }
    return out;
  },
);
