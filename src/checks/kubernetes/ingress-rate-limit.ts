import { ingressRoutes } from '../../analyzers/k8s/exposure.js';
import type { CheckResult } from '../types.js';
import { hit, kubeCheck } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.ingress.rate-limit',
    title: 'Public node RPC without rate limiting',
    description:
      'JSON-RPC calls such as eth_getLogs, debug traces or large eth_call requests are expensive; an Ingress that forwards them without a rate limit (or a WAF) lets one client exhaust the node and every dapp that depends on it.',
    severity: 'medium',
    confidence: 'medium',
    tags: ['kubernetes', 'ingress', 'rpc', 'ddos', 'blockchain'],
    remediation:
      'Set per-client limits at the ingress (nginx.ingress.kubernetes.io/limit-rps and limit-connections, a Traefik rateLimit middleware) or attach a WAF with rate rules.',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#rate-limiting',
    ],
    results: {
      'no-rate-limit': { title: 'No rate limit in front of node RPC' },
      limited: { title: 'Rate limit in front of node RPC', severity: 'info' },
    },
  },
  ['Ingress', 'Service'],
  (inv) => {
    const results: CheckResult[] = [];
    const routes = ingressRoutes(inv).filter((r) => r.targets.some((t) => t.role === 'rpc' || t.role === 'ws'));
    for (const r of routes)
      results.push(
        r.rateLimit
          ? hit({
              result: 'limited',
              status: 'pass',
              obj: r.ingress,
              path: ['metadata', 'annotations'],
              message: `${r.ingress.ref} limits ${r.host}${r.path} (${r.rateLimit})`,
              detail: `${r.host}${r.path}`,
            })
          : hit({
              result: 'no-rate-limit',
              status: 'warn',
              obj: r.ingress,
              path: r.at,
              message: `${r.ingress.ref} forwards node RPC at ${r.host}${r.path} without a rate limit`,
              detail: `${r.host}${r.path}`,
            }),
      );
    return { results, examined: routes.length, subject: 'Ingress routes to node RPC', clean: 'each is rate limited' };
  },
);
