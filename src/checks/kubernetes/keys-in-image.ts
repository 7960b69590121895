import { mountFor } from '../../analyzers/k8s/inventory.js';
import { mainContainers, signers } from '../../analyzers/k8s/placement.js';
import type { CheckResult } from '../types.js';
import { hit, kubeCheck, WORKLOAD_KINDS } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.keys.in-image',
    title: 'Signing keys that can only come from the image',
    description:
      "A key, keystore or password file named in a signer's arguments that no volume provides is read from the image layers (or the writable container filesystem): the key then sits in the registry, in every node's image cache, and in every copy of the image anyone pulls.",
    severity: 'critical',
    confidence: 'medium',
    tags: ['kubernetes', 'keys', 'images', 'supply-chain', 'blockchain'],
    remediation:
      'Build images without keys; mount keys from a Secret or a remote signer at run time, and rotate any key that was ever in an image.',
    references: ['https://kubernetes.io/docs/concepts/configuration/secret/'],
    results: { 'not-mounted': { title: 'Key path not provided by any volume' } },
  },
  WORKLOAD_KINDS,
  (inv) => {
    const results: CheckResult[] = [];
    let examined = 0;
    for (const w of signers(inv))
      for (const c of mainContainers(w)) {
        const keyFlags = c.settings.filter((s) => /^keys/.test(s.key));
        if (!keyFlags.length) continue;
        examined++;
        for (const s of keyFlags)
          for (const path of s.value.split(/[,:]/).filter((p) => p.startsWith('/'))) {
            if (mountFor(w, c, path)) continue;
            results.push(
              hit({
                result: 'not-mounted',
                status: 'fail',
                obj: w.obj,
                line: s.line,
                path: s.line === undefined ? c.path : undefined,
                message: `${w.obj.ref} container ${c.name} reads ${path} (${s.text}) but no volume is mounted there: the key comes from the image`,
                detail: `${c.name}:${path}`,
              }),
            );
          }
      }
    return {
      results,
      examined,
      subject: 'signers with key paths in their arguments',
      clean: 'every key path is a mounted volume',
    };
  },
);
