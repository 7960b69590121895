import { kindOf } from '../../analyzers/k8s/inventory.js';
import { ingressRoutes } from '../../analyzers/k8s/exposure.js';
import { hit, kubeCheck } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.ingress.tls',
    title: 'Ingress hosts served without TLS',
    description:
      'An Ingress host without a TLS section (or with ssl-redirect off) is served over plain HTTP: API keys, session cookies and signed transactions cross the network in clear.',
    severity: 'medium',
    confidence: 'high',
    tags: ['kubernetes', 'tls', 'ingress'],
    remediation: 'Add spec.tls for every host with a certificate (cert-manager) and keep HTTP redirected to HTTPS.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/ingress/#tls'],
    results: { 'plain-http': { title: 'Host served over plain HTTP' } },
  },
  ['Ingress'],
  (inv) => {
    const results = [];
    const seen = new Set<string>();
    for (const r of ingressRoutes(inv)) {
      if (r.tls || seen.has(`${r.ingress.ref}:${r.host}`)) continue;
      seen.add(`${r.ingress.ref}:${r.host}`);
      results.push(
        hit({
          result: 'plain-http',
          status: 'fail',
          obj: r.ingress,
          path: r.at,
          message: `${r.ingress.ref} serves ${r.host === '*' ? 'every host' : r.host} over plain HTTP`,
          detail: `host:${r.host}`,
        }),
      );
    }
    return {
      results,
      examined: kindOf(inv, 'Ingress').length,
      subject: 'Ingresses',
      clean: 'every host is served over TLS',
    };
  },
);
