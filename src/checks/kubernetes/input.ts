import { defineCheck, type CheckResult } from '../types.js';
import { inventory } from './support.js';

export default defineCheck(
  {
    id: 'kubernetes.input',
    title: 'Kubernetes manifests or cluster can be audited',
    description:
      'Reports manifest files that cannot be read (missing, binary, over the size bound, invalid YAML), files that hold no Kubernetes object (Helm values files, kustomization.yaml), and resources a live cluster refused to list, so a partial input never passes silently.',
    targetKinds: ['kubernetes'],
    severity: 'medium',
    confidence: 'high',
    tags: ['kubernetes', 'input'],
    remediation:
      'Give rendered manifests (`helm template`, `kubectl kustomize`), fix the files named, or grant the audit account list rights on the resources named.',
    references: [],
    level: 'passive',
    results: {
      read: { title: 'Input read', severity: 'info' },
      unreadable: { title: 'Input could not be read' },
      'not-manifest': { title: 'File holds no Kubernetes object', severity: 'low' },
      forbidden: { title: 'Cluster refused to list a resource' },
      truncated: { title: 'Only part of the folder was read', severity: 'medium' },
    },
  },
  async (ctx) => {
    const inv = await inventory(ctx);
    if ('error' in inv) return [{ status: 'error', result: 'unreadable', message: inv.error, key: 'input' }];
    const out: CheckResult[] = [
      ...inv.issues.map((i) => ({
        status: 'error' as const,
        result: 'unreadable',
        message: i.message,
        locations: [{ file: i.file }],
        key: `file:${i.file}`,
      })),
      ...inv.skipped.map((i) => ({
        status: 'warn' as const,
        result: 'not-manifest',
        message: i.message,
        locations: [{ file: i.file }],
        key: `file:${i.file}`,
      })),
      ...[...inv.unavailable].map(([kind, why]) => ({
        status: 'error' as const,
        result: 'forbidden',
        message: `${kind}: ${why}`,
        key: `kind:${kind}`,
      })),
    ];
    if (inv.truncated)
      out.push({
        status: 'warn',
        result: 'truncated',
        message: `${inv.label}: only the first files were read (file limit reached)`,
        locations: [],
        key: 'truncated',
      });
    out.push({
      status: 'pass',
      result: 'read',
      message: `${inv.label}: ${inv.objects.length} objects (${inv.workloads.length} workloads)${inv.mode === 'manifests' ? ` from ${inv.filesRead} file(s)` : ''}`,
      locations: [],
      key: 'summary',
    });
    return out;
  },
);
