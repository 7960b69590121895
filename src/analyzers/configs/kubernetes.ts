import { finding, portRole, type ConfigFinding, type ConfigReport } from './common.js';
import { parseYamlSource } from './structured.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const WORKLOAD_POD_SPEC: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

function at(o: unknown, path: (string | number)[]): unknown {
  let cur = o;
  for (const p of path) cur = isObj(cur) || Array.isArray(cur) ? (cur as Obj)[p as string] : undefined;
  return cur;
}

/**
 * Kubernetes manifests (one or more files, multi-document, `kind: List` included): RBAC
 * wildcards, cluster-admin bindings, secret reads, privileged pods, host namespaces and paths,
 * RPC and database ports behind LoadBalancer / NodePort services.
 */
export function auditKubernetes(text: string, name = 'manifest'): ConfigReport {
  const src = parseYamlSource(text, name);
  const out: ConfigFinding[] = [];
  src.docs.forEach(({ data }, di) => {
    const objects: { obj: Obj; base: (string | number)[] }[] = [];
    if (isObj(data) && data.kind === 'List')
      arr(data.items).forEach((it, i) => isObj(it) && objects.push({ obj: it, base: ['items', i] }));
    else if (isObj(data)) objects.push({ obj: data, base: [] });
    for (const { obj, base } of objects) {
      const kind = String(obj.kind ?? '');
      const meta = isObj(obj.metadata) ? obj.metadata : {};
      const id = `${kind}/${meta.namespace ? `${meta.namespace}/` : ''}${meta.name ?? '?'}`;
      const line = (p: (string | number)[]) => src.lineOf(di, [...base, ...p]);
      const loc = (p: (string | number)[], setting: string, k = '') => ({ setting, line: line(p), key: `${id}${k}` });

      if (kind === 'Role' || kind === 'ClusterRole') {
        arr(obj.rules).forEach((r, ri) => {
          if (!isObj(r)) return;
          const verbs = arr(r.verbs).map(String);
          const resources = arr(r.resources).map(String);
          const groups = arr(r.apiGroups).map(String);
          const setting = `rules[${ri}]: apiGroups ${JSON.stringify(groups)} resources ${JSON.stringify(resources)} verbs ${JSON.stringify(verbs)}`;
          if (verbs.includes('*') || resources.includes('*'))
            out.push(
              finding(
                'k8s.rbac-wildcard',
                'fail',
                kind === 'ClusterRole' ? 'high' : 'medium',
                `${id} grants ${verbs.includes('*') ? 'every verb' : verbs.join(',')} on ${resources.includes('*') ? 'every resource' : resources.join(',')}`,
                'List the exact resources and verbs the workload needs.',
                loc(['rules', ri], setting, `:${ri}`),
              ),
            );
          else if (resources.some((x) => x === 'secrets') && verbs.some((v) => ['get', 'list', 'watch'].includes(v))) {
            const named = arr(r.resourceNames).map(String);
            if (named.length && !verbs.some((v) => v === 'list' || v === 'watch'))
              out.push(
                finding(
                  'k8s.rbac-secrets',
                  'pass',
                  'info',
                  `${id} reads only the Secrets ${named.join(', ')}`,
                  '',
                  loc(['rules', ri], setting, `:${ri}`),
                ),
              );
            else
              out.push(
                finding(
                  'k8s.rbac-secrets',
                  'warn',
                  'medium',
                  `${id} can read Secrets (${verbs.join(',')}) — ${named.length ? 'list/watch ignore resourceNames, so all of them' : 'all of them'} in its scope`,
                  'Grant `get` with resourceNames on the one secret needed, or mount it into the pod instead.',
                  loc(['rules', ri], setting, `:${ri}`),
                ),
              );
          }
          if (['escalate', 'bind', 'impersonate'].some((v) => verbs.includes(v)))
            out.push(
              finding(
                'k8s.rbac-escalation',
                'fail',
                'high',
                `${id} may ${verbs.filter((v) => ['escalate', 'bind', 'impersonate'].includes(v)).join('/')} — privilege escalation verbs`,
                'Remove escalate, bind and impersonate unless this is a cluster administration role.',
                loc(['rules', ri], setting, `:esc:${ri}`),
              ),
            );
        });
      }
      if (
        (kind === 'ClusterRoleBinding' || kind === 'RoleBinding') &&
        isObj(obj.roleRef) &&
        obj.roleRef.name === 'cluster-admin'
      ) {
        const subjects = arr(obj.subjects)
          .filter(isObj)
          .map((s) => `${s.kind}:${s.namespace ? `${s.namespace}/` : ''}${s.name}`);
        out.push(
          finding(
            'k8s.cluster-admin',
            'fail',
            'high',
            `${id} gives cluster-admin to ${subjects.join(', ') || '(no subjects)'}`,
            'Bind a role scoped to what the subject needs; reserve cluster-admin for break-glass accounts.',
            loc(['roleRef', 'name'], 'roleRef.name: cluster-admin'),
          ),
        );
      }
      const specPath = WORKLOAD_POD_SPEC[kind];
      const spec = specPath ? at(obj, specPath) : undefined;
      if (specPath && isObj(spec)) {
        for (const ns of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
          if (spec[ns] === true)
            out.push(
              finding(
                'k8s.host-namespace',
                'fail',
                'high',
                `${id} shares the node's ${ns.slice(4)} namespace`,
                `Remove ${ns}: true.`,
                loc([...specPath, ns], `${ns}: true`, `:${ns}`),
              ),
            );
        }
        arr(spec.volumes).forEach((v, vi) => {
          if (isObj(v) && isObj(v.hostPath))
            out.push(
              finding(
                'k8s.host-path',
                'fail',
                'high',
                `${id} mounts the node path ${String(v.hostPath.path)}`,
                'Use a PersistentVolumeClaim or an emptyDir; a hostPath lets the pod read or plant files on the node.',
                loc([...specPath, 'volumes', vi, 'hostPath'], `hostPath: ${String(v.hostPath.path)}`, `:vol:${vi}`),
              ),
            );
        });
        for (const group of ['containers', 'initContainers'] as const) {
          arr(spec[group]).forEach((c, ci) => {
            if (!isObj(c)) return;
            const sc = isObj(c.securityContext) ? c.securityContext : {};
            const cp = [...specPath, group, ci, 'securityContext'];
            if (sc.privileged === true)
              out.push(
                finding(
                  'k8s.privileged',
                  'fail',
                  'critical',
                  `${id} container ${String(c.name)} is privileged`,
                  'Remove privileged: true; add only the capabilities needed.',
                  loc([...cp, 'privileged'], 'securityContext.privileged: true', `:${group}:${ci}:priv`),
                ),
              );
            const user = sc.runAsUser ?? (isObj(spec.securityContext) ? spec.securityContext.runAsUser : undefined);
            if (user === 0)
              out.push(
                finding(
                  'k8s.run-as-root',
                  'warn',
                  'medium',
                  `${id} container ${String(c.name)} runs as UID 0`,
                  'Set runAsNonRoot: true and a non-zero runAsUser.',
                  loc(
                    sc.runAsUser !== undefined ? [...cp, 'runAsUser'] : [...specPath, 'securityContext', 'runAsUser'],
                    'runAsUser: 0',
                    `:${group}:${ci}:root`,
                  ),
                ),
              );
            if (sc.allowPrivilegeEscalation === true)
              out.push(
                finding(
                  'k8s.privilege-escalation',
                  'warn',
                  'medium',
                  `${id} container ${String(c.name)} allows privilege escalation`,
                  'Set allowPrivilegeEscalation: false.',
                  loc([...cp, 'allowPrivilegeEscalation'], 'allowPrivilegeEscalation: true', `:${group}:${ci}:esc`),
                ),
              );
          });
        }
      }
      if (kind === 'Service' && isObj(obj.spec) && (obj.spec.type === 'LoadBalancer' || obj.spec.type === 'NodePort')) {
        arr(obj.spec.ports).forEach((p, pi) => {
          if (!isObj(p)) return;
          const port = Number(p.port);
          const target = Number(p.targetPort);
          const role =
            portRole(port) ??
            portRole(target) ??
            (/rpc|jsonrpc|http-rpc/i.test(String(p.name ?? ''))
              ? { role: 'rpc' as const, name: `RPC (${String(p.name)})` }
              : undefined);
          if (!role) return;
          const ranges = arr(obj.spec && (obj.spec as Obj).loadBalancerSourceRanges).map(String);
          const setting = `type: ${String((obj.spec as Obj).type)}, port ${port}${p.name ? ` (${String(p.name)})` : ''}`;
          if (role.role === 'p2p')
            out.push(
              finding(
                'k8s.exposed-service',
                'pass',
                'info',
                `${id} exposes ${role.name} (peering is expected to be reachable)`,
                '',
                loc(['spec', 'ports', pi], setting, `:${pi}`),
              ),
            );
          else if (ranges.length && !ranges.some((r) => r === '0.0.0.0/0' || r === '::/0'))
            out.push(
              finding(
                'k8s.exposed-service',
                'pass',
                'info',
                `${id} exposes ${role.name} only to ${ranges.join(', ')}`,
                '',
                loc(['spec', 'ports', pi], setting, `:${pi}`),
              ),
            );
          else
            out.push(
              finding(
                'k8s.exposed-service',
                'fail',
                'high',
                `${id} exposes ${role.name} outside the cluster through a ${String((obj.spec as Obj).type)}`,
                'Use a ClusterIP service behind an authenticating ingress, or set loadBalancerSourceRanges to trusted networks.',
                loc(['spec', 'ports', pi], setting, `:${pi}`),
              ),
            );
        });
      }
    }
  });
  return { format: 'kubernetes', findings: out };
}
