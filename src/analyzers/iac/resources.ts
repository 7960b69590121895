import { isExpr } from './hcl.js';
import { first, list, pointsTo, referenced, str, tags, type TfModel, type TfResource } from './terraform.js';

export const BUCKETS = ['aws_s3_bucket', 'alicloud_oss_bucket', 'huaweicloud_obs_bucket'];
const TRAIL_BUCKET: Record<string, string> = {
  aws_cloudtrail: 's3_bucket_name',
  alicloud_actiontrail_trail: 'oss_bucket_name',
  huaweicloud_cts_tracker: 'bucket_name',
};

export function bucketName(b: TfResource): string {
  return str(b.values.bucket) ?? b.name;
}

/** Buckets that hold audit logs: the target of a trail, or named / tagged as a log or audit bucket. */
export function auditBuckets(model: TfModel): { bucket: TfResource; why: string }[] {
  const out: { bucket: TfResource; why: string }[] = [];
  for (const b of model.resources.filter((r) => BUCKETS.includes(r.type))) {
    const trail = model.resources.find(
      (r) => TRAIL_BUCKET[r.type] && pointsTo(model, r.values[TRAIL_BUCKET[r.type]], b),
    );
    if (trail) out.push({ bucket: b, why: `receives ${trail.address}` });
    else if (/log|audit|trail/i.test(`${b.name} ${bucketName(b)} ${Object.values(tags(b)).join(' ')}`))
      out.push({ bucket: b, why: 'named or tagged as an audit-log bucket' });
  }
  return out;
}

/** Resources of the given types that configure a bucket (by reference or by its literal name). */
export function bucketParts(model: TfModel, b: TfResource, types: string[], attr = 'bucket'): TfResource[] {
  return model.resources.filter((r) => types.includes(r.type) && pointsTo(model, r.values[attr], b));
}

export interface Listener {
  listener: TfResource;
  lb?: TfResource;
  port: number;
  backendPort?: number;
  protocol: string;
  internetFacing: boolean;
  path: (string | number)[];
}

function lbPublic(lb: TfResource | undefined, model: TfModel): boolean {
  if (!lb) return true;
  const v = lb.values;
  switch (lb.type) {
    case 'aws_lb':
    case 'aws_alb':
    case 'aws_elb':
      return v.internal !== true;
    case 'alicloud_slb_load_balancer':
    case 'alicloud_slb':
    case 'alicloud_alb_load_balancer':
      return String(v.address_type ?? 'internet').toLowerCase() === 'internet';
    case 'huaweicloud_elb_loadbalancer':
      return (
        v.ipv4_eip_id !== undefined ||
        v.iptype !== undefined ||
        model.resources.some((r) => /eip_associate$/.test(r.type) && referenced(model, r.values.port_id) === lb)
      );
    case 'huaweicloud_lb_loadbalancer':
      return model.resources.some((r) => /eip_associate$/.test(r.type) && referenced(model, r.values.port_id) === lb);
  }
  return true;
}

/** Load-balancer listeners of AWS, Alibaba Cloud and Huawei Cloud, with their load balancer and backend port. */
export function listeners(model: TfModel): Listener[] {
  const out: Listener[] = [];
  for (const r of model.resources) {
    const v = r.values;
    switch (r.type) {
      case 'aws_lb_listener':
      case 'aws_alb_listener': {
        const lb = referenced(model, v.load_balancer_arn);
        const tg = referenced(model, first(v.default_action).target_group_arn);
        out.push({
          listener: r,
          lb,
          port: Number(v.port),
          backendPort: tg ? Number(tg.values.port) : undefined,
          protocol: String(v.protocol ?? 'HTTP').toUpperCase(),
          internetFacing: lbPublic(lb, model),
          path: ['port'],
        });
        break;
      }
      case 'aws_elb':
        list(v.listener).forEach((l, i) => {
          const x = first(l);
          out.push({
            listener: r,
            lb: r,
            port: Number(x.lb_port),
            backendPort: Number(x.instance_port),
            protocol: String(x.lb_protocol ?? 'HTTP').toUpperCase(),
            internetFacing: lbPublic(r, model),
            path: ['listener', i],
          });
        });
        break;
      case 'alicloud_slb_listener': {
        const lb = referenced(model, v.load_balancer_id);
        out.push({
          listener: r,
          lb,
          port: Number(v.frontend_port),
          backendPort: v.backend_port === undefined ? undefined : Number(v.backend_port),
          protocol: String(v.protocol ?? 'tcp').toUpperCase(),
          internetFacing: lbPublic(lb, model),
          path: ['frontend_port'],
        });
        break;
      }
      case 'alicloud_alb_listener': {
        const lb = referenced(model, v.load_balancer_id);
        out.push({
          listener: r,
          lb,
          port: Number(v.listener_port),
          protocol: String(v.listener_protocol ?? 'HTTP').toUpperCase(),
          internetFacing: lbPublic(lb, model),
          path: ['listener_port'],
        });
        break;
      }
      case 'huaweicloud_elb_listener':
      case 'huaweicloud_lb_listener': {
        const lb = referenced(model, v.loadbalancer_id);
        out.push({
          listener: r,
          lb,
          port: Number(v.protocol_port),
          protocol: String(v.protocol ?? 'TCP').toUpperCase(),
          internetFacing: lbPublic(lb, model),
          path: ['protocol_port'],
        });
        break;
      }
    }
  }
  return out;
}

export const LOAD_BALANCERS = [
  'aws_lb',
  'aws_alb',
  'aws_elb',
  'alicloud_slb_load_balancer',
  'alicloud_slb',
  'alicloud_alb_load_balancer',
  'huaweicloud_elb_loadbalancer',
  'huaweicloud_lb_loadbalancer',
];

export function isPublicLb(model: TfModel, lb: TfResource): boolean {
  return lbPublic(lb, model);
}

/** IAM policy documents (AWS, Alibaba Cloud RAM, Huawei Cloud IAM) as objects, with the resource holding them. */
export function policyDocuments(
  model: TfModel,
): { resource: TfResource; attr: string; doc: Record<string, unknown> }[] {
  const ATTRS: Record<string, string> = {
    aws_iam_policy: 'policy',
    aws_iam_role_policy: 'policy',
    aws_iam_user_policy: 'policy',
    aws_iam_group_policy: 'policy',
    alicloud_ram_policy: 'policy_document',
    huaweicloud_identity_role: 'policy',
    aws_kms_key: 'policy',
    alicloud_kms_key: 'policy',
    aws_s3_bucket_policy: 'policy',
  };
  const out: { resource: TfResource; attr: string; doc: Record<string, unknown> }[] = [];
  for (const r of model.resources) {
    let attr = ATTRS[r.type];
    if (!attr) continue;
    if (r.type === 'alicloud_ram_policy' && r.values.policy_document === undefined) attr = 'document';
    let v = r.values[attr];
    if (typeof v === 'string') {
      try {
        v = JSON.parse(v);
      } catch {
        continue;
      }
    }
    if (v && typeof v === 'object' && !Array.isArray(v) && !isExpr(v))
      out.push({ resource: r, attr, doc: v as Record<string, unknown> });
  }
  return out;
}

export interface Statement {
  effect: string;
  actions: string[];
  resources: string[];
  principals: string[];
  condition?: Record<string, unknown>;
}

export function statements(doc: Record<string, unknown>): Statement[] {
  const asList = (x: unknown) =>
    list(x).map((y) => (typeof y === 'string' ? y : isExpr(y) ? y.expr : JSON.stringify(y)));
  return list(doc.Statement ?? doc.statement).map((s) => {
    const o = (s ?? {}) as Record<string, unknown>;
    const p = o.Principal ?? o.principal;
    const principals =
      typeof p === 'string'
        ? [p]
        : p && typeof p === 'object'
          ? Object.values(p as Record<string, unknown>).flatMap(asList)
          : [];
    return {
      effect: String(o.Effect ?? o.effect ?? 'Allow'),
      actions: asList(o.Action ?? o.action),
      resources: asList(o.Resource ?? o.resource ?? '*'),
      principals,
      condition: (o.Condition ?? o.condition) as Record<string, unknown> | undefined,
    };
  });
}
