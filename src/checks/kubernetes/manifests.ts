import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readConfigText } from '../../analyzers/configs/common.js';
import { auditKubernetes } from '../../analyzers/configs/kubernetes.js';
import { errorMessage } from '../../errors.js';
import { defineCheck, type CheckResult } from '../types.js';
import { declareRules, toResult, type ConfigRules } from '../configs/shared.js';

const MAX_FILES = 2000;
const MAX_DEPTH = 12;

/** Manifest files under a path (a file, or a folder walked without following symlinks). */
function manifestFiles(root: string): { files: string[]; truncated: boolean } {
  const st = statSync(root);
  if (st.isFile()) return { files: [root], truncated: false };
  const files: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > MAX_DEPTH || files.length >= MAX_FILES) return;
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (files.length >= MAX_FILES) return;
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (e.isFile() && /\.(ya?ml|json)$/i.test(e.name)) files.push(p);
    }
  };
  walk(root, 0);
  return { files, truncated: files.length >= MAX_FILES };
}

export const KUBERNETES_RULES: ConfigRules = {
  'k8s.rbac-wildcard': { title: 'RBAC wildcard verbs or resources', severity: 'high' },
  'k8s.rbac-secrets': { title: 'RBAC read access to Secrets', severity: 'high' },
  'k8s.rbac-escalation': { title: 'RBAC escalation verbs (escalate, bind, impersonate)', severity: 'high' },
  'k8s.cluster-admin': { title: 'Binding to cluster-admin', severity: 'high' },
  'k8s.host-namespace': { title: 'Host network, PID or IPC namespace', severity: 'high' },
  'k8s.host-path': { title: 'hostPath volume', severity: 'high' },
  'k8s.privileged': { title: 'Privileged container', severity: 'critical' },
  'k8s.run-as-root': { title: 'Container runs as root', severity: 'medium' },
  'k8s.privilege-escalation': { title: 'Privilege escalation allowed', severity: 'medium' },
  'k8s.exposed-service': { title: 'Node RPC or database port exposed by a LoadBalancer or NodePort', severity: 'high' },
};

export default defineCheck(
  {
    id: 'kubernetes.manifests',
    title: 'Kubernetes manifests: RBAC, pod privileges and exposed node ports',
    description:
      'Reads Kubernetes manifests (files or a folder, multi-document YAML and List objects) and reports RBAC wildcards, escalation verbs, Secret reads, cluster-admin bindings, privileged containers, host network/PID/IPC, hostPath volumes, UID 0, and RPC or database ports exposed through LoadBalancer or NodePort services.',
    targetKinds: ['kubernetes'],
    results: declareRules(KUBERNETES_RULES),
    severity: 'high',
    confidence: 'high',
    tags: ['kubernetes', 'rbac', 'containers', 'cloud'],
    remediation:
      'Apply the fix named in each finding; enforce the Pod Security "restricted" profile on node namespaces.',
    references: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
    ],
    level: 'passive',
  },
  async (ctx) => {
    const root = ctx.path(ctx.target.path);
    let listing: ReturnType<typeof manifestFiles>;
    try {
      listing = manifestFiles(root);
    } catch {
      return [{ status: 'error', message: `${ctx.target.path}: cannot read the path`, key: 'input' }];
    }
    const results: CheckResult[] = [];
    let objects = 0;
    for (const file of listing.files) {
      if (ctx.signal.aborted) break;
      try {
        const report = auditKubernetes(readConfigText(file), relative(ctx.scope.dir, file));
        objects++;
        results.push(
          ...report.findings.map((f) => ({
            ...toResult(f, file, ctx.scope),
            key: `${relative(ctx.scope.dir, file)}:${f.rule}:${f.key ?? ''}`,
          })),
        );
      } catch (e) {
        results.push({
          status: 'error',
          message: errorMessage(e),
          locations: [{ file: relative(ctx.scope.dir, file) }],
          key: `input:${relative(ctx.scope.dir, file)}`,
        });
      }
    }
    if (!results.some((r) => r.status !== 'pass' && r.status !== 'error')) {
      results.push({
        status: 'pass',
        message: `${objects} manifest file(s) read: no RBAC wildcard, cluster-admin binding, privileged pod, host access or exposed RPC/database port`,
        key: 'summary',
      });
    }
    if (listing.truncated)
      results.push({
        status: 'error',
        message: `only the first ${MAX_FILES} manifest files were read; the rest were not audited`,
        key: 'truncated',
      });
    return results;
  },
);
