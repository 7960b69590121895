import { kindOf } from '../../analyzers/k8s/inventory.js';
import { arr, isObj } from '../../analyzers/k8s/model.js';
import { hit, kubeCheck } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.service.external-ips',
    title: 'Services with externalIPs',
    description:
      'externalIPs make every node accept traffic for the listed addresses and forward it to the Service, outside any load balancer or cloud firewall, and can be abused to intercept traffic for other addresses (CVE-2020-8554).',
    severity: 'medium',
    confidence: 'high',
    tags: ['kubernetes', 'network', 'exposure'],
    remediation: 'Use a LoadBalancer Service with source ranges, and block externalIPs with an admission policy.',
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/service/#external-ips',
      'https://github.com/kubernetes/kubernetes/issues/97076',
    ],
    results: { 'external-ips': { title: 'Service sets externalIPs' } },
  },
  ['Service'],
  (inv) => {
    const results = [];
    const svcs = kindOf(inv, 'Service');
    for (const s of svcs) {
      const ips = arr(isObj(s.raw.spec) ? s.raw.spec.externalIPs : undefined).map(String);
      if (ips.length)
        results.push(
          hit({
            result: 'external-ips',
            status: 'warn',
            obj: s,
            path: ['spec', 'externalIPs'],
            message: `${s.ref} accepts traffic for externalIPs ${ips.join(', ')} on every node`,
            detail: 'externalIPs',
          }),
        );
    }
    return { results, examined: svcs.length, subject: 'Services', clean: 'none sets externalIPs' };
  },
);
