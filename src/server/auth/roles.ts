/**
 * Who may do what. Roles are granted per project (admin is server-wide); API token scopes narrow
 * what a token may do on top of its owner's roles.
 */
export const PROJECT_ROLES = ['audit-lead', 'auditor', 'project-owner', 'engineer', 'viewer'] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];
export const ROLES = ['admin', ...PROJECT_ROLES] as const;

export const PERMISSIONS = [
  'project:read',
  'project:manage',
  'run:write',
  'finding:triage',
  'finding:remediate',
  'finding:accept',
  'finding:verify',
  'manual:write',
  'audit:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<ProjectRole, readonly Permission[]> = {
  viewer: ['project:read'],
  engineer: ['project:read', 'finding:remediate'],
  'project-owner': ['project:read', 'finding:remediate', 'finding:accept'],
  auditor: ['project:read', 'run:write', 'finding:triage', 'finding:verify', 'manual:write'],
  'audit-lead': [
    'project:read',
    'project:manage',
    'run:write',
    'finding:triage',
    'finding:remediate',
    'finding:accept',
    'finding:verify',
    'manual:write',
    'audit:read',
  ],
};

export const TOKEN_SCOPES = [
  'projects:read',
  'projects:write',
  'runs:read',
  'runs:write',
  'findings:read',
  'findings:write',
  'manual:write',
  'audit:read',
  'admin',
] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export function roleAllows(role: string | undefined, permission: Permission): boolean {
  return Boolean(role && (ROLE_PERMISSIONS[role as ProjectRole] ?? []).includes(permission));
}
