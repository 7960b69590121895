import { isExpr } from '../../analyzers/iac/hcl.js';
import { list, referenced, str, type TfResource } from '../../analyzers/iac/terraform.js';
import type { CheckResult } from '../types.js';
import { cloudCheck, cloudHit, INSTANCE_TYPES, isSignerInstance } from './support.js';

export default cloudCheck(
  {
    id: 'cloud.compute.validator-zones',
    title: 'Validator instances across availability zones',
    description:
      'Validators concentrated in one availability zone halt consensus when the zone fails. The instances (or autoscaling groups) tagged as validators, orderers or signers are counted per zone — literal zones, zones of referenced subnets or vSwitches, and values resolved in a plan — and no zone may hold more than a BFT quorum can lose (f of 3f+1).',
    severity: 'high',
    confidence: 'medium',
    tags: ['cloud', 'terraform', 'validators', 'multi-az', 'blockchain'],
    remediation:
      'Place validators in at least three zones so that no zone holds more than f of them; use one subnet or vSwitch per zone and one instance per subnet.',
    references: ['https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-regions-availability-zones.html'],
    results: {
      'zone-breaks-quorum': { title: 'One zone holds more validators than the quorum can lose', severity: 'critical' },
      'zone-unknown': { title: 'Zone of a validator not determinable from the input', severity: 'low' },
      spread: { title: 'Validators spread so that one zone can fail', severity: 'info' },
    },
  },
  (model) => {
    const results: CheckResult[] = [];
    const zoneOf = (r: TfResource): string | undefined => {
      const z = str(r.values.availability_zone) ?? str(r.values.zone_id);
      if (z) return z;
      const net = referenced(
        model,
        r.values.subnet_id ??
          r.values.vswitch_id ??
          (list(r.values.network)[0] as Record<string, unknown> | undefined)?.uuid,
      );
      return net ? (str(net.values.availability_zone) ?? str(net.values.zone_id)) : undefined;
    };
    const vms = model.resources.filter(
      (r) => INSTANCE_TYPES.includes(r.type) && r.type !== 'aws_launch_template' && isSignerInstance(r),
    );
    const perZone = new Map<string, { n: number; r: TfResource }>();
    let total = 0;
    for (const r of vms) {
      if (r.type === 'aws_autoscaling_group') {
        const subnets = list(r.values.vpc_zone_identifier).map((s) => referenced(model, s));
        const zones = [
          ...list(r.values.availability_zones).map(String),
          ...subnets.map((s) => (s ? str(s.values.availability_zone) : undefined)).filter((x): x is string => !!x),
        ];
        const n = Number(r.values.desired_capacity ?? r.values.min_size ?? 1);
        total += n;
        if (!zones.length)
          results.push(
            cloudHit({
              result: 'zone-unknown',
              status: 'warn',
              resource: r,
              message: `${r.address}: zones of ${n} validator instance(s) not determinable`,
              detail: 'zone',
            }),
          );
        else
          zones.forEach((z, i) =>
            perZone.set(z, {
              n: (perZone.get(z)?.n ?? 0) + Math.floor(n / zones.length) + (i < n % zones.length ? 1 : 0),
              r,
            }),
          );
        continue;
      }
      total += r.count;
      const z = zoneOf(r);
      if (!z || isExpr(r.values.availability_zone)) {
        results.push(
          cloudHit({
            result: 'zone-unknown',
            status: 'warn',
            resource: r,
            path: ['availability_zone'],
            message: `${r.address}: zone not determinable from the configuration (${isExpr(r.values.availability_zone) ? (r.values.availability_zone as { expr: string }).expr : 'not set'}); audit the plan JSON`,
            detail: 'zone',
          }),
        );
        continue;
      }
      perZone.set(z, { n: (perZone.get(z)?.n ?? 0) + r.count, r });
    }
    if (total > 1 && perZone.size) {
      const f = Math.floor((total - 1) / 3);
      const [zone, most] = [...perZone].sort((a, b) => b[1].n - a[1].n)[0];
      const table = [...perZone].map(([z, x]) => `${z}: ${x.n}`).join(', ');
      if (most.n > f)
        results.push(
          cloudHit({
            result: 'zone-breaks-quorum',
            status: 'fail',
            resource: most.r,
            path: ['availability_zone'],
            message: `${most.n} of ${total} validator instances are in ${zone}; BFT consensus survives the loss of ${f}`,
            detail: 'zones',
            evidence: [{ label: 'validators per zone', value: table }],
          }),
        );
      else
        results.push(
          cloudHit({
            result: 'spread',
            status: 'pass',
            resource: most.r,
            message: `${total} validator instances over ${perZone.size} zones (${table}); any one zone can fail`,
            detail: 'zones',
          }),
        );
    }
    return { results, examined: vms.length, subject: 'validator instances', clean: 'validators are spread over zones' };
  },
);
