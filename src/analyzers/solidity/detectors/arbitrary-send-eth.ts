import { callSites } from '../calls.js';
import { defineDetector, type Report } from '../detector.js';
import { openEntryPoints, T_DATA, T_PARAM, taintOf } from '../model.js';
import { isMember, stripCasts } from '../syntax.js';
import { functions, headerOf } from './shared.js';

export default defineDetector(
  {
    id: 'arbitrary-send-eth',
    title: 'ETH sent to an address the caller chooses',
    swc: 'SWC-105',
    category: 'access_control',
    impact: 'high',
    confidence: 'medium',
    description:
      'A public function without access control sends ETH to an address taken from its arguments and never ties the amount to the caller.',
    exploitScenario: 'An attacker calls the function with his own address and receives the contract funds.',
    recommendation: 'Restrict the function to an authorized role, or pay only amounts credited to msg.sender.',
    placement: 'The header of the public function anyone can call; related: the payment.',
  },
  (model) => {
    const out: Report[] = [];
    for (const f of functions(model)) {
      if (f.isView || f.guarded || f.checksSender) continue;
      const entries = openEntryPoints(f);
      if (!entries.length) continue;
      const payments = callSites(f, model).filter((site) => {
        if (!site.sendsEth || !site.target || (taintOf(site.target, f) & (T_PARAM | T_DATA)) === 0) return false;
        // Forwarding the ETH the caller sent with this very call moves nothing of the contract's.
        const amount = site.shape.value ?? site.shape.args[0];
        return !(amount && isMember(stripCasts(amount), 'msg', 'value'));
      });
      if (!payments.length) continue;
      for (const entry of entries)
        out.push({
          node: headerOf(entry),
          fn: entry,
          message: `${entry.contract.name}.${entry.name} sends ETH to ${model.text(payments[0].target!)}, chosen by the caller, without an access check`,
          related: payments.map((p) => ({ node: p.shape.call, note: 'the payment' })),
        });
    }
    return out;
  },
);
