import { portRole, type PortRole } from './chain.js';
import { kindOf, type Container, type ContainerPort, type Inventory, type Workload } from './inventory.js';
import { annotationsOf, arr, isObj, objs, selects, str, type K8sObject, type Obj, type Path } from './model.js';

export type Channel = 'load-balancer' | 'node-port' | 'external-ips' | 'host-port' | 'host-network';

/** A container port reachable from outside the cluster network, and through what. */
export interface Exposure {
  workload: Workload;
  container: Container;
  port: number;
  role: PortRole;
  channel: Channel;
  /** The object that exposes it: the Service, or the workload itself for hostPort / hostNetwork. */
  via: K8sObject;
  path: Path;
  detail: string;
  /** Set when the exposure is limited to an internal load balancer or named source ranges. */
  restricted?: string;
}

export interface ServiceTarget {
  workload: Workload;
  container: Container;
  port: number;
  role?: PortRole;
}

const OPEN = new Set(['0.0.0.0/0', '::/0']);

/** Why a LoadBalancer Service is not on the internet, if it says so. */
export function internalLoadBalancer(svc: K8sObject): string | undefined {
  const a = annotationsOf(svc.raw);
  const v = (k: string) => a[k]?.toLowerCase();
  if (v('service.beta.kubernetes.io/aws-load-balancer-internal') === 'true') return 'AWS internal load balancer';
  if (v('service.beta.kubernetes.io/aws-load-balancer-scheme') === 'internal') return 'AWS internal load balancer';
  if (v('service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type') === 'intranet')
    return 'Alibaba Cloud intranet load balancer';
  if (/"type"\s*:\s*"inner"/.test(a['kubernetes.io/elb.autocreate'] ?? '')) return 'Huawei Cloud private ELB';
  if (v('networking.gke.io/load-balancer-type') === 'internal') return 'GCP internal load balancer';
  if (v('service.beta.kubernetes.io/azure-load-balancer-internal') === 'true') return 'Azure internal load balancer';
  const ranges = arr(isObj(svc.raw.spec) ? svc.raw.spec.loadBalancerSourceRanges : undefined).map(String);
  if (ranges.length && !ranges.some((r) => OPEN.has(r.trim()))) return `source ranges ${ranges.join(', ')}`;
  return undefined;
}

/** The workloads (and their containers' ports) behind one Service port. */
export function serviceTargets(inv: Inventory, svc: K8sObject, sp: Obj): ServiceTarget[] {
  const spec = isObj(svc.raw.spec) ? svc.raw.spec : {};
  if (!isObj(spec.selector) || !Object.keys(spec.selector).length) return [];
  const target = sp.targetPort ?? sp.port;
  const out: ServiceTarget[] = [];
  for (const w of workloadsIn(inv, svc.namespace)) {
    if (!selects(spec.selector, w.podLabels, true)) continue;
    const main = w.containers.filter((c) => c.group === 'containers');
    let matched = false;
    for (const c of main)
      for (const p of c.ports)
        if (
          typeof target === 'number' || /^\d+$/.test(String(target))
            ? p.port === Number(target)
            : p.name === String(target)
        ) {
          out.push({ workload: w, container: c, port: p.port, role: p.role });
          matched = true;
        }
    // A port the container does not declare still reaches it; its role comes from the client's defaults.
    if (!matched && /^\d+$/.test(String(target)))
      for (const c of main.filter((x) => x.run))
        out.push({
          workload: w,
          container: c,
          port: Number(target),
          role: portRole(c.run!.family, Number(target), str(sp.name)),
        });
  }
  return out;
}

const EXPOSURES = new WeakMap<Inventory, Exposure[]>();
const ROUTES = new WeakMap<Inventory, IngressRoute[]>();
const BY_NAMESPACE = new WeakMap<Inventory, Map<string, Workload[]>>();

function workloadsIn(inv: Inventory, namespace: string | undefined): Workload[] {
  let index = BY_NAMESPACE.get(inv);
  if (!index) {
    index = new Map();
    for (const w of inv.workloads) index.set(w.obj.namespace ?? '', [...(index.get(w.obj.namespace ?? '') ?? []), w]);
    BY_NAMESPACE.set(inv, index);
  }
  return index.get(namespace ?? '') ?? [];
}

/** Every exposure in the inventory, computed once per inventory (several checks ask). */
export function exposures(inv: Inventory): Exposure[] {
  let cached = EXPOSURES.get(inv);
  if (!cached) EXPOSURES.set(inv, (cached = computeExposures(inv)));
  return cached;
}

function computeExposures(inv: Inventory): Exposure[] {
  const out: Exposure[] = [];
  for (const svc of kindOf(inv, 'Service')) {
    const spec = isObj(svc.raw.spec) ? svc.raw.spec : {};
    const type = String(spec.type ?? 'ClusterIP');
    const externalIPs = arr(spec.externalIPs).map(String);
    objs(spec.ports).forEach((sp) => {
      const pi = arr(spec.ports).indexOf(sp);
      const targets = serviceTargets(inv, svc, sp);
      for (const t of targets) {
        if (!t.role) continue;
        const base = {
          workload: t.workload,
          container: t.container,
          port: t.port,
          role: t.role,
          via: svc,
          path: ['spec', 'ports', pi],
        };
        const label = `${svc.ref} port ${String(sp.port)}${sp.name ? ` (${String(sp.name)})` : ''}`;
        if (type === 'LoadBalancer')
          out.push({
            ...base,
            channel: 'load-balancer',
            detail: `${label}, type LoadBalancer`,
            restricted: internalLoadBalancer(svc),
          });
        else if (type === 'NodePort')
          out.push({
            ...base,
            channel: 'node-port',
            detail: `${label}, type NodePort${sp.nodePort ? ` ${String(sp.nodePort)}` : ''}`,
          });
        if (externalIPs.length)
          out.push({
            ...base,
            channel: 'external-ips',
            path: ['spec', 'externalIPs'],
            detail: `${label}, externalIPs ${externalIPs.join(', ')}`,
          });
      }
    });
  }
  for (const w of inv.workloads) {
    const hostNet = w.spec.hostNetwork === true;
    for (const c of w.containers) {
      for (const p of c.ports as ContainerPort[]) {
        if (!p.role) continue;
        if (p.hostPort)
          out.push({
            workload: w,
            container: c,
            port: p.port,
            role: p.role,
            channel: 'host-port',
            via: w.obj,
            path: [...p.path, 'hostPort'],
            detail: `${w.obj.ref} container ${c.name} hostPort ${p.hostPort} → ${p.port}`,
          });
        else if (hostNet)
          out.push({
            workload: w,
            container: c,
            port: p.port,
            role: p.role,
            channel: 'host-network',
            via: w.obj,
            path: [...w.specPath, 'hostNetwork'],
            detail: `${w.obj.ref} uses hostNetwork: container ${c.name} port ${p.port} listens on the node's interfaces`,
          });
      }
    }
  }
  return out;
}

export interface IngressRoute {
  ingress: K8sObject;
  host: string;
  path: string;
  /** Path of the backend inside the Ingress object. */
  at: Path;
  service: string;
  targets: ServiceTarget[];
  tls: boolean;
  auth?: string;
  rateLimit?: string;
}

const AUTH_ANNOTATIONS: [RegExp, string][] = [
  [/^nginx\.ingress\.kubernetes\.io\/auth-(url|type|signin)$/, 'ingress-nginx external/basic auth'],
  [/^nginx\.ingress\.kubernetes\.io\/auth-tls-verify-client$/, 'ingress-nginx client certificates'],
  [/^alb\.ingress\.kubernetes\.io\/auth-type$/, 'AWS ALB authentication'],
  [/^ingress\.kubernetes\.io\/auth-(type|url)$/, 'ingress authentication'],
  [/^haproxy\.org\/auth-(type|realm)$/, 'HAProxy authentication'],
  [/^konghq\.com\/plugins$/, 'Kong plugins'],
];
const RATE_ANNOTATIONS =
  /^(nginx\.ingress\.kubernetes\.io\/limit-(rps|rpm|connections)|haproxy\.org\/rate-limit-requests|alb\.ingress\.kubernetes\.io\/wafv2-acl-arn)$/;

function authOf(a: Record<string, string>): string | undefined {
  for (const [k, v] of Object.entries(a)) {
    for (const [re, what] of AUTH_ANNOTATIONS) {
      if (!re.test(k)) continue;
      if (/auth-tls-verify-client$/.test(k) && !/^(on|true)$/i.test(v)) continue;
      if (k === 'konghq.com/plugins' && !/auth|jwt|key|oidc|acl/i.test(v)) continue;
      if (k === 'alb.ingress.kubernetes.io/auth-type' && v === 'none') continue;
      return `${what} (${k})`;
    }
    if (k === 'traefik.ingress.kubernetes.io/router.middlewares' && /auth|jwt|oauth|oidc/i.test(v))
      return `Traefik middleware ${v}`;
  }
  return undefined;
}

function rateOf(a: Record<string, string>): string | undefined {
  for (const [k, v] of Object.entries(a)) {
    if (RATE_ANNOTATIONS.test(k)) return `${k}: ${v}`;
    if (k === 'traefik.ingress.kubernetes.io/router.middlewares' && /rate|limit/i.test(v))
      return `Traefik middleware ${v}`;
    if (k === 'konghq.com/plugins' && /rate/i.test(v)) return `Kong plugins ${v}`;
  }
  return undefined;
}

/** Every Ingress backend, with what it reaches, whether its host has TLS, and its auth and rate limits. */
export function ingressRoutes(inv: Inventory): IngressRoute[] {
  let cached = ROUTES.get(inv);
  if (!cached) ROUTES.set(inv, (cached = computeRoutes(inv)));
  return cached;
}

function computeRoutes(inv: Inventory): IngressRoute[] {
  const out: IngressRoute[] = [];
  for (const ing of kindOf(inv, 'Ingress')) {
    const spec = isObj(ing.raw.spec) ? ing.raw.spec : {};
    const a = annotationsOf(ing.raw);
    const tlsHosts = objs(spec.tls).flatMap((t) => (arr(t.hosts).length ? arr(t.hosts).map(String) : ['*']));
    const sslRedirectOff = /^false$/i.test(a['nginx.ingress.kubernetes.io/ssl-redirect'] ?? '');
    const backends: { host: string; path: string; at: Path; backend: Obj }[] = [];
    if (isObj(spec.defaultBackend))
      backends.push({ host: '*', path: '/', at: ['spec', 'defaultBackend'], backend: spec.defaultBackend });
    objs(spec.rules).forEach((r) => {
      const ri = arr(spec.rules).indexOf(r);
      objs(isObj(r.http) ? r.http.paths : undefined).forEach((p, pi) => {
        if (isObj(p.backend))
          backends.push({
            host: String(r.host ?? '*'),
            path: String(p.path ?? '/'),
            at: ['spec', 'rules', ri, 'http', 'paths', pi, 'backend'],
            backend: p.backend,
          });
      });
    });
    for (const b of backends) {
      const svcRef = isObj(b.backend.service)
        ? b.backend.service
        : { name: b.backend.serviceName, port: { number: b.backend.servicePort } };
      const name = String(svcRef.name ?? '');
      const port = isObj(svcRef.port) ? (svcRef.port.number ?? svcRef.port.name) : undefined;
      const svc = inv.byRef.get(`Service/${ing.namespace}/${name}`);
      const targets: ServiceTarget[] = [];
      if (svc) {
        const sports = objs(isObj(svc.raw.spec) ? svc.raw.spec.ports : undefined);
        for (const sp of sports)
          if (port === undefined || String(sp.port) === String(port) || String(sp.name) === String(port))
            targets.push(...serviceTargets(inv, svc, sp));
      }
      out.push({
        ingress: ing,
        host: b.host,
        path: b.path,
        at: b.at,
        service: name,
        targets,
        tls: !sslRedirectOff && (tlsHosts.includes('*') || tlsHosts.includes(b.host)),
        auth: authOf(a),
        rateLimit: rateOf(a),
      });
    }
  }
  return out;
}
