import { callSites } from '../calls.js';
import { defineDetector, type Report } from '../detector.js';
import { mentions, T_DATA, T_PARAM, taintOf } from '../model.js';
import { callShape, isMember } from '../syntax.js';
import { functions } from './shared.js';

export default defineDetector(
  {
    id: 'gas-griefing',
    title: 'Relayed call without a gas check (insufficient gas griefing)',
    swc: 'SWC-126',
    category: 'denial_of_service',
    impact: 'medium',
    confidence: 'low',
    description: 'The function forwards caller-supplied data to another contract and records the call as done, but does not ensure enough gas was forwarded; a relayer can make the inner call fail while the outer one succeeds.',
    exploitScenario: 'A relayer submits a meta-transaction with just enough gas for the outer function; the inner call runs out of gas, the nonce is burnt and the user\'s action never happens.',
    recommendation: 'Require gasleft() to cover the gas the signer asked for and revert when the inner call fails.',
  },
  (model) => {
    const out: Report[] = [];
    for (const f of functions(model)) {
      if (!f.isPublic || f.isView || !f.writes.length) continue;
      const checksGas = f.conditions.some((c) => mentions(c, (x) => (x.type === 'FunctionCall' && callShape(x).name === 'gasleft') || isMember(x, 'msg', 'gas'), model.budget));
      if (checksGas) continue;
      for (const site of callSites(f, model)) {
        if (site.kind !== 'low-level' || site.shape.member !== 'call') continue;
        const data = site.shape.args[0];
        if (!data || !(taintOf(data, f) & (T_PARAM | T_DATA))) continue;
        const bytesParam = [...f.params.entries()].some(([name, type]) => type === 'bytes' && mentions(data, (x) => x.type === 'Identifier' && x.name === name, model.budget));
        if (!bytesParam) continue;
        out.push({ node: site.shape.call, fn: f, message: `${f.contract.name}.${f.name} relays caller data through call() without checking the gas left` });
      }
    }
    return out;
  },
);
