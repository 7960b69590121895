import { defineCheck, type CheckResult } from '../types.js';
import { terraformModel } from './support.js';

export default defineCheck(
  {
    id: 'cloud.input',
    title: 'Terraform configuration or plan can be audited',
    description:
      'Reports Terraform files that cannot be read or parsed (invalid HCL, not a `terraform show -json` document, binary, over the size bound) so a partial input never passes silently.',
    targetKinds: ['terraform'],
    severity: 'medium',
    confidence: 'high',
    tags: ['terraform', 'input'],
    remediation: 'Give the module folder with its .tf files, or the JSON of `terraform show -json <planfile>`.',
    references: [],
    level: 'passive',
    results: { read: { title: 'Input read', severity: 'info' }, unreadable: { title: 'Input could not be read' } },
  },
  async (ctx) => {
    const model = await terraformModel(ctx);
    if ('error' in model) return [{ status: 'error', result: 'unreadable', message: model.error, key: 'input' }];
    const out: CheckResult[] = model.issues.map((i) => ({
      status: 'error',
      result: 'unreadable',
      message: i.message,
      locations: [{ file: i.file }],
      key: `file:${i.file}`,
    }));
    const providers = [...new Set(model.resources.map((r) => r.provider))].sort();
    out.push({
      status: 'pass',
      result: 'read',
      message: `${model.label}: ${model.resources.length} resources (${providers.join(', ')}) from ${model.files} file(s)`,
      key: 'summary',
    });
    return out;
  },
);
