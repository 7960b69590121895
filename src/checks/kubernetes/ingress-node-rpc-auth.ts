import { ingressRoutes } from '../../analyzers/k8s/exposure.js';
import { PORT_ROLE_NAMES } from '../../analyzers/k8s/chain.js';
import type { CheckResult } from '../types.js';
import { hit, kubeCheck } from './support.js';

const SENSITIVE = new Set(['rpc', 'ws', 'engine', 'admin', 'signing']);

export default kubeCheck(
  {
    id: 'kubernetes.ingress.node-rpc-auth',
    title: 'Node RPC published through an Ingress without TLS and authentication',
    description:
      'An Ingress rule that routes to node RPC, Engine, admin or signing ports makes them internet-facing. Without TLS every call and API key is readable on the way; without authentication at the ingress (external auth, basic auth, client certificates, an OIDC proxy) anyone can use the node.',
    severity: 'high',
    confidence: 'high',
    tags: ['kubernetes', 'ingress', 'rpc', 'exposure', 'blockchain'],
    remediation:
      'Add spec.tls and an authentication layer (nginx auth-url / auth-type, client certificates, an OAuth2 proxy) to Ingresses that reach node RPC; never route Engine, admin or signing ports through an Ingress.',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#authentication',
    ],
    results: {
      'no-tls': { title: 'Node RPC served over plain HTTP', severity: 'high' },
      'no-auth': { title: 'Node RPC reachable without authentication', severity: 'high' },
      'admin-routed': { title: 'Engine, admin or signing port routed through an Ingress', severity: 'critical' },
      protected: { title: 'TLS and authentication in front of node RPC', severity: 'info' },
    },
  },
  ['Ingress', 'Service'],
  (inv) => {
    const results: CheckResult[] = [];
    const routes = ingressRoutes(inv).filter((r) => r.targets.some((t) => t.role && SENSITIVE.has(t.role)));
    for (const r of routes) {
      const t = r.targets.find((x) => x.role && SENSITIVE.has(x.role))!;
      const what = `${PORT_ROLE_NAMES[t.role!]} of ${t.workload.obj.ref} (port ${t.port})`;
      const at = `${r.ingress.ref} ${r.host}${r.path}`;
      const base = { obj: r.ingress, path: r.at };
      if (['engine', 'admin', 'signing'].includes(t.role!))
        results.push(
          hit({
            ...base,
            result: 'admin-routed',
            status: 'fail',
            message: `${at} routes to the ${what}`,
            detail: `${r.host}${r.path}:admin`,
          }),
        );
      if (!r.tls)
        results.push(
          hit({
            ...base,
            result: 'no-tls',
            status: 'fail',
            message: `${at} serves the ${what} over plain HTTP`,
            detail: `${r.host}${r.path}:tls`,
          }),
        );
      if (!r.auth)
        results.push(
          hit({
            ...base,
            result: 'no-auth',
            status: 'fail',
            message: `${at} lets anyone call the ${what}`,
            detail: `${r.host}${r.path}:auth`,
          }),
        );
      if (r.tls && r.auth && !['engine', 'admin', 'signing'].includes(t.role!))
        results.push(
          hit({
            ...base,
            result: 'protected',
            status: 'pass',
            message: `${at} serves the ${what} over TLS behind ${r.auth}`,
            detail: `${r.host}${r.path}`,
          }),
        );
    }
    return {
      results,
      examined: routes.length,
      subject: 'Ingress routes to node ports',
      clean: 'each has TLS and authentication',
    };
  },
);
