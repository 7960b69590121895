import { kindOf, type Inventory } from './inventory.js';
import { annotationsOf, arr, isObj, labelsOf, objs, type K8sObject } from './model.js';

export interface RbacRule {
  role: K8sObject;
  index: number;
  verbs: string[];
  resources: string[];
  groups: string[];
  names: string[];
  /** Who the role is bound to, as `Kind:namespace/name`; empty when nothing binds it. */
  boundTo: string[];
}

export interface Binding {
  obj: K8sObject;
  roleKind: string;
  roleName: string;
  subjects: string[];
}

/** Roles Kubernetes itself creates and keeps up to date; auditing them says nothing of the operator. */
export function isBuiltIn(o: K8sObject): boolean {
  return (
    o.name.startsWith('system:') ||
    labelsOf(o.raw)['kubernetes.io/bootstrapping'] === 'rbac-defaults' ||
    annotationsOf(o.raw)['rbac.authorization.kubernetes.io/autoupdate'] === 'true'
  );
}

export function subjectName(s: Record<string, unknown>): string {
  return `${String(s.kind)}:${s.namespace ? `${String(s.namespace)}/` : ''}${String(s.name)}`;
}

export function bindings(inv: Inventory): Binding[] {
  return [...kindOf(inv, 'RoleBinding'), ...kindOf(inv, 'ClusterRoleBinding')].map((b) => {
    const ref = isObj(b.raw.roleRef) ? b.raw.roleRef : {};
    return {
      obj: b,
      roleKind: String(ref.kind ?? 'Role'),
      roleName: String(ref.name ?? ''),
      subjects: objs(b.raw.subjects).map(subjectName),
    };
  });
}

export function rbacRules(inv: Inventory): RbacRule[] {
  const bs = bindings(inv);
  const out: RbacRule[] = [];
  for (const role of [...kindOf(inv, 'Role'), ...kindOf(inv, 'ClusterRole')]) {
    if (isBuiltIn(role)) continue;
    const boundTo = bs
      .filter(
        (b) =>
          b.roleKind === role.kind &&
          b.roleName === role.name &&
          (role.kind === 'ClusterRole' || b.obj.namespace === role.namespace),
      )
      .flatMap((b) => b.subjects);
    arr(role.raw.rules).forEach((r, index) => {
      if (!isObj(r)) return;
      out.push({
        role,
        index,
        verbs: arr(r.verbs).map(String),
        resources: arr(r.resources).map(String),
        groups: arr(r.apiGroups).map(String),
        names: arr(r.resourceNames).map(String),
        boundTo,
      });
    });
  }
  return out;
}

export function ruleText(r: RbacRule): string {
  return `rules[${r.index}]: apiGroups ${JSON.stringify(r.groups)} resources ${JSON.stringify(r.resources)} verbs ${JSON.stringify(r.verbs)}${r.names.length ? ` resourceNames ${JSON.stringify(r.names)}` : ''}`;
}

export function boundText(r: RbacRule): string {
  return r.boundTo.length
    ? `bound to ${r.boundTo.slice(0, 4).join(', ')}${r.boundTo.length > 4 ? ', …' : ''}`
    : 'not bound in the input';
}

export const grants = (r: RbacRule, verb: string, resource: string): boolean =>
  (r.verbs.includes('*') || r.verbs.includes(verb)) &&
  (r.resources.includes('*') ||
    r.resources.includes(resource) ||
    (resource.includes('/') && r.resources.includes(`${resource.split('/')[0]}/*`)));
