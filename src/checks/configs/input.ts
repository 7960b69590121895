import { defineCheck } from '../types.js';
import { configReport } from './shared.js';

export default defineCheck(
  {
    id: 'configs.input',
    title: 'Configuration file can be audited',
    description:
      'Reports configuration targets that cannot be read, are not text, exceed the size bound, fail to parse, or whose format cannot be recognised, so a broken input never passes silently.',
    targetKinds: ['config'],
    items: [],
    severity: 'medium',
    confidence: 'high',
    tags: ['config'],
    remediation: 'Point the target at the configuration file and, if it is not recognised by name, set `format:`.',
    references: [],
    level: 'passive',
  },
  async (ctx) => {
    const report = await configReport(ctx);
    if ('error' in report) return [{ status: 'error', message: report.error, key: 'input' }];
    return [
      {
        status: 'pass',
        message: `read as ${report.format} (${report.findings.length} settings judged)`,
        key: 'input',
        evidence: [{ label: 'format', value: report.format }],
      },
    ];
  },
);
