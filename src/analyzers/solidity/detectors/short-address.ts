import { defineDetector, type Report } from '../detector.js';
import { mentions } from '../model.js';
import { compareVersion, v } from '../parse.js';
import { isMember } from '../syntax.js';
import { functions } from './shared.js';

export default defineDetector(
  {
    id: 'short-address',
    title: 'Token transfer without a call-data length check (short address)',
    swc: null,
    category: 'short_addresses',
    impact: 'medium',
    confidence: 'low',
    description:
      'Compilers before 0.5.0 do not reject short call data; a transfer(address,uint) called with a truncated address shifts the amount left by the missing bytes.',
    exploitScenario:
      'An exchange submits a withdrawal to an address ending in zero bytes without them; the amount is multiplied by 256 per missing byte.',
    recommendation:
      'Compile with ≥ 0.5.0 or check msg.data.length (onlyPayloadSize) in functions taking an address followed by an amount.',
    placement: 'The function header.',
  },
  (model) => {
    if (compareVersion(model.version, v('0.5.0')) >= 0) return [];
    const out: Report[] = [];
    for (const f of functions(model)) {
      if (!f.isPublic || f.isView) continue;
      const types = [...f.params.values()];
      const addressThenAmount = types.some(
        (t, i) => /^address( payable)?$/.test(t) && types.slice(i + 1).some((u) => /^u?int\d*$/.test(u)),
      );
      if (!addressThenAmount || !/transfer|send|pay|withdraw/i.test(f.name)) continue;
      if (
        f.conditions.some((c) =>
          mentions(
            c,
            (x) => x.type === 'MemberAccess' && x.memberName === 'length' && isMember(x.expression, 'msg', 'data'),
            model.budget,
          ),
        )
      )
        continue;
      const moves = f.writes.some((w) => w.node.type === 'BinaryOperation' && w.node.left?.type === 'IndexAccess');
      if (!moves) continue;
      out.push({
        node: f.node,
        until: f.node.parameters?.[f.node.parameters.length - 1],
        fn: f,
        message: `${f.contract.name}.${f.name}(${types.join(',')}) does not check msg.data.length`,
      });
    }
    return out;
  },
);
