import { setting, settingOn } from '../../analyzers/k8s/chain.js';
import { mainContainers, signers } from '../../analyzers/k8s/placement.js';
import type { CheckResult } from '../types.js';
import { hit, kubeCheck } from './support.js';

/** Whether each Ethereum validator client checks for a twin by default. */
const DEFAULT_ON: Record<string, boolean> = {
  prysm: false,
  lighthouse: false,
  teku: false,
  lodestar: false,
  nimbus: true,
};

export default kubeCheck(
  {
    id: 'kubernetes.signer.doppelganger',
    title: 'Ethereum validator clients without doppelganger protection',
    description:
      'Doppelganger protection makes a validator client watch the network for a few epochs before it signs, and stop if its keys are already active elsewhere: the last guard when a rescheduled pod, a restored backup or a migration starts a second copy of the keys.',
    severity: 'medium',
    confidence: 'high',
    tags: ['kubernetes', 'signer', 'double-sign', 'ethereum', 'blockchain'],
    remediation:
      'Enable it: lighthouse --enable-doppelganger-protection, teku --doppelganger-detection-enabled, prysm --enable-doppelganger, lodestar --doppelgangerProtection (nimbus has it on by default).',
    references: ['https://lighthouse-book.sigmaprime.io/validator-doppelganger.html'],
    results: {
      disabled: { title: 'Doppelganger protection off' },
      enabled: { title: 'Doppelganger protection on', severity: 'info' },
    },
  },
  ['Deployment', 'StatefulSet', 'DaemonSet', 'Pod'],
  (inv) => {
    const results: CheckResult[] = [];
    let examined = 0;
    for (const w of signers(inv))
      for (const c of mainContainers(w)) {
        const run = c.run;
        if (!run || !(run.client in DEFAULT_ON) || !(run.family === 'validator-client' || w.role.consensus === 'pos'))
          continue;
        examined++;
        const on = settingOn(c.settings, 'doppelganger') ?? DEFAULT_ON[run.client];
        const s = setting(c.settings, 'doppelganger');
        results.push(
          hit({
            result: on ? 'enabled' : 'disabled',
            status: on ? 'pass' : 'warn',
            obj: w.obj,
            line: s?.line,
            path: s ? undefined : c.path,
            message: on
              ? `${w.obj.ref} runs ${run.client} with doppelganger protection${s ? '' : ' (default)'}`
              : `${w.obj.ref} runs ${run.client} without doppelganger protection${s ? ` (${s.text})` : ' (off by default)'}`,
            detail: `${c.name}:doppelganger`,
          }),
        );
      }
    return { results, examined, subject: 'Ethereum validator clients', clean: 'each checks for a twin before signing' };
  },
);
