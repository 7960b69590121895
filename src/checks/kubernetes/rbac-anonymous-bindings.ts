import { bindings, isBuiltIn } from '../../analyzers/k8s/rbac.js';
import { hit, kubeCheck, RBAC_KINDS } from './support.js';

const BROAD: Record<string, string> = {
  'User:system:anonymous': 'anonymous requests',
  'Group:system:unauthenticated': 'unauthenticated requests',
  'Group:system:authenticated': 'every authenticated user and service account',
  'Group:system:serviceaccounts': 'every service account in the cluster',
};

export default kubeCheck(
  {
    id: 'kubernetes.rbac.anonymous-bindings',
    title: 'Roles bound to anonymous or all users',
    description:
      'Bindings to system:anonymous, system:unauthenticated, system:authenticated or system:serviceaccounts hand the role to anyone who reaches the API server, or to every pod in the cluster.',
    severity: 'high',
    confidence: 'high',
    tags: ['kubernetes', 'rbac', 'api-access'],
    remediation: 'Bind roles to named users, groups and service accounts only.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles'],
    results: { 'broad-subject': { title: 'Role bound to anonymous or all users' } },
  },
  RBAC_KINDS,
  (inv) => {
    const results = [];
    const bs = bindings(inv).filter((b) => !isBuiltIn(b.obj));
    for (const b of bs)
      for (const s of b.subjects.filter((x) => BROAD[x.replace(/^(User|Group):[^/]*\//, '$1:')] || BROAD[x]))
        results.push(
          hit({
            result: 'broad-subject',
            status: 'fail',
            obj: b.obj,
            path: ['subjects'],
            message: `${b.obj.ref} gives ${b.roleKind} ${b.roleName} to ${BROAD[s] ?? s}`,
            detail: s,
          }),
        );
    return { results, examined: bs.length, subject: 'role bindings', clean: 'none binds anonymous or all users' };
  },
);
