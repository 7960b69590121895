import { kindOf } from '../../analyzers/k8s/inventory.js';
import { hit, kubeCheck } from './support.js';

const SENSORS =
  /(^|\/)(falco|tetragon|tracee|kubearmor|sysdig|neuvector|aqua|prisma|twistlock|datadog-agent|crowdstrike|falcon-sensor|wiz-sensor)([-:@/]|$)/i;

export default kubeCheck(
  {
    id: 'kubernetes.runtime.sensor',
    title: 'eBPF runtime sensor deployed on every node',
    description:
      'A shell spawned in a node container, a binary written at run time or a read of a key file is only seen by a runtime sensor such as Falco, Tetragon or Tracee running as a DaemonSet on every node.',
    severity: 'medium',
    confidence: 'medium',
    tags: ['kubernetes', 'monitoring', 'runtime'],
    remediation:
      'Deploy Falco, Tetragon or Tracee as a DaemonSet tolerating every node taint, with rules for shells in containers, writes to binary folders and reads of key files.',
    references: ['https://falco.org/docs/', 'https://tetragon.io/docs/'],
    results: {
      present: { title: 'Runtime sensor DaemonSet present', severity: 'info' },
      missing: { title: 'No runtime sensor found' },
      'not-everywhere': { title: 'Sensor does not tolerate every node taint', severity: 'low' },
    },
  },
  ['DaemonSet'],
  (inv) => {
    const results = [];
    const sensors = inv.workloads.filter(
      (w) => w.obj.kind === 'DaemonSet' && w.containers.some((c) => SENSORS.test(c.image)),
    );
    for (const s of sensors) {
      const tolerations = (s.spec.tolerations as Record<string, unknown>[] | undefined) ?? [];
      const everywhere = tolerations.some((t) => t.operator === 'Exists' && !t.key);
      results.push(
        hit({
          result: everywhere ? 'present' : 'not-everywhere',
          status: everywhere ? 'pass' : 'warn',
          obj: s.obj,
          path: everywhere ? ['spec', 'template', 'spec', 'tolerations'] : ['spec', 'template', 'spec'],
          message: everywhere
            ? `${s.obj.ref} runs ${s.containers.find((c) => SENSORS.test(c.image))!.image} on every node`
            : `${s.obj.ref} runs a runtime sensor but does not tolerate every taint: tainted validator nodes may go unwatched`,
          detail: 'sensor',
        }),
      );
    }
    if (!sensors.length) {
      const anchor = kindOf(inv, 'Namespace')[0] ?? inv.workloads[0]?.obj;
      if (anchor)
        results.push(
          hit({
            result: 'missing',
            status: 'fail',
            obj: anchor,
            message: `no runtime sensor DaemonSet (Falco, Tetragon, Tracee, …) in ${inv.label}`,
            key: 'cluster:sensor',
          }),
        );
    }
    return {
      results,
      examined: inv.workloads.length ? 1 : 0,
      subject: 'clusters',
      clean: 'a runtime sensor covers every node',
    };
  },
);
