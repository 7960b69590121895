import { arr, at } from '../../analyzers/k8s/model.js';
import { hit, kubeCheck, WORKLOAD_KINDS } from './support.js';

const DANGEROUS = new Set([
  'ALL',
  'SYS_ADMIN',
  'NET_ADMIN',
  'SYS_PTRACE',
  'SYS_MODULE',
  'DAC_READ_SEARCH',
  'NET_RAW',
  'SYS_RAWIO',
  'BPF',
  'PERFMON',
]);

export default kubeCheck(
  {
    id: 'kubernetes.pod.capabilities',
    title: 'Linux capabilities of containers',
    description:
      "Containers keep the runtime's default capabilities unless they drop them; added capabilities such as SYS_ADMIN, SYS_PTRACE or NET_ADMIN open well-known escape and memory-reading paths (reading a signer's key from another process).",
    severity: 'high',
    confidence: 'high',
    tags: ['kubernetes', 'containers', 'escape'],
    remediation:
      'Set securityContext.capabilities.drop: [ALL] and add back only what the process needs (NET_BIND_SERVICE at most for node clients).',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted'],
    results: {
      'added-dangerous': { title: 'Dangerous capability added', severity: 'high' },
      'not-dropped': { title: 'Default capabilities not dropped', severity: 'low' },
    },
  },
  WORKLOAD_KINDS,
  (inv) => {
    const results = [];
    for (const w of inv.workloads)
      for (const c of w.containers) {
        const cp = [...c.path, 'securityContext', 'capabilities'];
        const add = arr(at(c.raw, ['securityContext', 'capabilities', 'add'])).map((x) =>
          String(x).toUpperCase().replace(/^CAP_/, ''),
        );
        const drop = arr(at(c.raw, ['securityContext', 'capabilities', 'drop'])).map((x) => String(x).toUpperCase());
        const bad = add.filter((x) => DANGEROUS.has(x));
        if (bad.length)
          results.push(
            hit({
              result: 'added-dangerous',
              status: 'fail',
              obj: w.obj,
              path: [...cp, 'add'],
              message: `${w.obj.ref} container ${c.name} adds ${bad.join(', ')}`,
              detail: `${c.name}:add`,
              evidence: [{ label: 'capabilities.add', value: add.join(', ') }],
            }),
          );
        if (!drop.includes('ALL'))
          results.push(
            hit({
              result: 'not-dropped',
              status: 'warn',
              obj: w.obj,
              path: drop.length ? [...cp, 'drop'] : c.path,
              message: `${w.obj.ref} container ${c.name} keeps the runtime's default capabilities (no drop: [ALL])`,
              detail: `${c.name}:drop`,
            }),
          );
      }
    return {
      results,
      examined: inv.workloads.length,
      subject: 'workloads',
      clean: 'every container drops ALL and adds nothing dangerous',
    };
  },
);
