import { relative } from 'node:path';
import {
  cloudPorts,
  ingressRules,
  openSources,
  portNames,
  ruleText,
  type CloudPortRole,
} from '../../analyzers/iac/network.js';
import { loadTerraform, type TfModel, type TfResource } from '../../analyzers/iac/terraform.js';
import { errorMessage, InputError } from '../../errors.js';
import type { Evidence, Severity, Status } from '../../model.js';
import type { TargetOf } from '../../scope/schema.js';
import {
  defineCheck,
  type Check,
  type CheckContext,
  type CheckMeta,
  type CheckResult,
  type ResultMeta,
} from '../types.js';

type Ctx = CheckContext<TargetOf<'terraform'>>;

/** The Terraform model of a target, read once per run and shared by every cloud check. */
export function terraformModel(ctx: Ctx): Promise<TfModel | { error: string }> {
  const t = ctx.target;
  return ctx.memo(`terraform-model:${t.id}`, async () => {
    try {
      return await loadTerraform(ctx.path(t.path), (f) => relative(ctx.scope.dir, f) || f, t.format);
    } catch (e) {
      if (e instanceof InputError) return { error: e.message };
      return { error: `${t.path}: ${errorMessage(e)}` };
    }
  });
}

export interface CloudHit {
  result: string;
  status: Exclude<Status, 'error' | 'not-applicable'>;
  resource: TfResource;
  path?: (string | number)[];
  message: string;
  detail?: string;
  evidence?: Evidence[];
  severity?: Severity;
}

export function cloudHit(h: CloudHit): CheckResult {
  return {
    status: h.status,
    result: h.result,
    message: h.message,
    locations: [{ file: h.resource.file, line: h.resource.lineOf(h.path ?? []) }],
    evidence: h.evidence ?? [],
    key: `${h.resource.address}${h.detail ? `:${h.detail}` : ''}`,
    ...(h.status === 'pass' ? { severity: 'info' as Severity } : h.severity ? { severity: h.severity } : {}),
  };
}

export interface CloudEvaluation {
  results: CheckResult[];
  examined: number;
  subject: string;
  clean?: string;
}

const COMMON: Record<string, ResultMeta> = {
  unreadable: { title: 'Terraform input could not be read', severity: 'info' },
  'not-applicable': { title: 'Nothing of this kind in the input', severity: 'info' },
  clean: { title: 'Every resource examined meets the requirement', severity: 'info' },
};

/** A check over a Terraform target; unreadable files make its verdict an error, never a pass. */
export function cloudCheck(
  meta: Omit<CheckMeta, 'targetKinds' | 'level' | 'items'> & { results: Record<string, ResultMeta> },
  evaluate: (model: TfModel) => CloudEvaluation,
): Check {
  return defineCheck(
    { ...meta, results: { ...meta.results, ...COMMON }, targetKinds: ['terraform'], level: 'passive' },
    async (ctx) => {
      const model = await terraformModel(ctx);
      if ('error' in model) return [{ status: 'error', result: 'unreadable', message: model.error, key: 'input' }];
      const ev = evaluate(model);
      const out = [...ev.results];
      if (model.issues.length)
        out.push({
          status: 'error',
          result: 'unreadable',
          message: `${model.issues.length} file(s) could not be read, so this verdict is incomplete: ${model.issues
            .slice(0, 5)
            .map((i) => i.message)
            .join('; ')}`,
          locations: model.issues.slice(0, 20).map((i) => ({ file: i.file })),
          key: 'input:files',
        });
      else if (!out.some((r) => r.status !== 'pass'))
        out.push(
          ev.examined
            ? {
                status: 'pass',
                result: 'clean',
                severity: 'info',
                message: `${ev.examined} ${ev.subject} examined in ${model.label}${ev.clean ? `: ${ev.clean}` : ''}`,
                key: 'summary',
              }
            : {
                status: 'not-applicable',
                result: 'not-applicable',
                message: `no ${ev.subject} in ${model.label}`,
                key: 'summary',
              },
        );
      return out;
    },
  );
}

const SIGNER = /validator|orderer|signer|sealer|consenter|block-?producer|sequencer/i;

/** Compute instances that run signers: by their Role/role/Name tag, name or resource name. */
export function isSignerInstance(r: TfResource): boolean {
  const t = { ...((r.values.tags as Record<string, unknown>) ?? {}) };
  return [r.name, r.values.instance_name, r.values.name, t.Role, t.role, t.Name, t.Component, t.component].some(
    (x) => typeof x === 'string' && SIGNER.test(x),
  );
}

export const INSTANCE_TYPES = [
  'aws_instance',
  'alicloud_instance',
  'alicloud_ecs_instance',
  'huaweicloud_compute_instance',
  'aws_launch_template',
  'aws_autoscaling_group',
];

/** Sub-results of the checks judging ingress rules for one role of port. */
export const INGRESS_RESULTS: Record<string, ResultMeta> = {
  open: { title: 'Open to the internet' },
  restricted: { title: 'Allowed only from listed sources', severity: 'info' },
  'unknown-source': { title: 'Source not determinable from the configuration', severity: 'medium' },
};

/** Every ingress rule covering ports of this role: open to the internet, restricted, or not determinable. */
export function ingressFor(model: TfModel, role: CloudPortRole): CloudEvaluation {
  const results: CheckResult[] = [];
  const rules = ingressRules(model);
  let examined = 0;
  for (const r of rules) {
    const ports = cloudPorts(r.from, r.to, role);
    if (!ports.length) continue;
    examined++;
    const open = openSources(r);
    if (!open.length && r.unresolved.length) {
      results.push(
        cloudHit({
          result: 'unknown-source',
          status: 'warn',
          resource: r.resource,
          path: r.path,
          message: `${r.resource.address} allows ${portNames(ports)} from ${r.unresolved.join(', ')}, which the configuration does not resolve: audit the plan`,
          detail: `${r.path.join('.')}:${r.from}-${r.to}`,
          evidence: [{ label: 'rule', value: ruleText(r) }],
        }),
      );
      continue;
    }
    results.push(
      cloudHit({
        result: open.length ? 'open' : 'restricted',
        status: open.length ? 'fail' : 'pass',
        resource: r.resource,
        path: r.path,
        message: open.length
          ? `${r.resource.address} (${r.kind}) opens ${portNames(ports)} to ${open.join(', ')}`
          : `${r.resource.address} allows ${portNames(ports)} only from ${r.sources.join(', ') || 'referenced groups'}`,
        detail: `${r.path.join('.')}:${r.from}-${r.to}`,
        evidence: [{ label: 'rule', value: ruleText(r) }],
      }),
    );
  }
  return { results, examined, subject: 'rules covering these ports', clean: 'none is open to the internet' };
}
