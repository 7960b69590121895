import { callSites } from '../calls.js';
import { defineDetector, type Report } from '../detector.js';
import { mentions, T_PARAM, T_TIME, taintOf } from '../model.js';
import { isRequireLike } from '../syntax.js';
import type { Node } from '../types.js';
import { walk } from '../walk.js';
import { blockReads, functions } from './shared.js';

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
    placement:
      'The line that reads the timestamp the decision depends on: the condition itself when it reads it directly, otherwise where the value was read; related: the condition.',
  },
  (model) => {
    const out: Report[] = [];
    const reported = new Set<number>();
    for (const f of functions(model)) {
      if (f.isView) continue;
      const pays = callSites(f, model).some(
        (site) => site.sendsEth || /^(transfer|transferFrom|mint|safeTransfer)$/.test(site.shape.member ?? ''),
      );
      // Hashed values are randomness, reported elsewhere; a time kept in state is a past time, which
      // matters only when it is matched exactly.
      const timeReads = (n: Node, throughState: boolean) =>
        blockReads(n, f, model, { kinds: T_TIME, throughHashes: false, throughState });
      const consider = (cond: Node) => {
        const exactOn = (x: Node) =>
          x.type === 'BinaryOperation' &&
          (x.operator === '==' || x.operator === '!=' || x.operator === '%') &&
          (timeReads(x.left, true).length > 0 || (x.operator !== '%' && timeReads(x.right, true).length > 0));
        // A time value matched against the caller's guess is a game of chance: weak-randomness reports it.
        const guess = (x: Node) =>
          x.type === 'BinaryOperation' &&
          (x.operator === '==' || x.operator === '!=') &&
          (((taintOf(x.left, f) & T_TIME) !== 0 && (taintOf(x.right, f) & T_PARAM) !== 0) ||
            ((taintOf(x.right, f) & T_TIME) !== 0 && (taintOf(x.left, f) & T_PARAM) !== 0));
        if (mentions(cond, guess, model.budget)) return;
        const exact = mentions(cond, exactOn, model.budget);
        if (!exact && !pays) return;
        const reads = timeReads(cond, exact);
        const at = (reads.find((r) => r.direct) ?? reads[0])?.node;
        if (!at || reported.has(at.loc.start.line)) return;
        reported.add(at.loc.start.line);
        out.push({
          node: at,
          fn: f,
          message: `${f.contract.name}.${f.name} ${exact ? 'matches the block timestamp exactly' : 'gates a payout on the block timestamp'}: ${model.text(cond).replace(/\s+/g, ' ').slice(0, 80)}`,
          related: [{ node: cond, note: 'the decision' }],
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
