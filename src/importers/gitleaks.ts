import { z } from 'zod';
import { maskSecret } from '../mask.js';
import { clip, maskIn, validate } from './common.js';
import type { ToolImporter } from './types.js';

const leak = z.object({
  RuleID: z.string(),
  Description: z.string().default(''),
  File: z.string(),
  StartLine: z.number(),
  EndLine: z.number().optional(),
  StartColumn: z.number().optional(),
  EndColumn: z.number().optional(),
  Secret: z.string().default(''),
  Match: z.string().default(''),
  Commit: z.string().default(''),
  Date: z.string().optional(),
  Fingerprint: z.string().optional(),
  Entropy: z.number().optional(),
});

export const gitleaks: ToolImporter = {
  tool: 'gitleaks',
  title: 'gitleaks',
  describes: 'a gitleaks JSON report (gitleaks detect --report-format json)',
  async read(input, fail, emit) {
    if ((await input.firstByte()) !== '[') fail('a gitleaks report is a JSON array of leaks');

    for await (const s of input.select([['*']])) {
      const l = validate(leak, s.value, s.path, fail);
      const secrets = [l.Secret].filter((x) => x.length > 0);
      emit({
        rule: l.RuleID,
        status: 'fail',
        severity: /private-key/i.test(l.RuleID) ? 'critical' : 'high',
        title: `Secret: ${l.Description || l.RuleID}`,
        message: `${l.Description || l.RuleID} in ${l.File} line ${l.StartLine}${l.Commit ? ` (commit ${l.Commit.slice(0, 12)})` : ''}`,
        locations: [
          {
            file: l.File,
            line: l.StartLine,
            ...(l.EndLine ? { endLine: l.EndLine } : {}),
            ...(l.StartColumn ? { column: l.StartColumn } : {}),
          },
        ],
        evidence: [
          { label: 'rule', value: l.RuleID },
          ...(l.Secret ? [{ label: 'secret (masked)', value: maskSecret(l.Secret) }] : []),
          ...(l.Match ? [{ label: 'match (masked)', value: clip(maskIn(l.Match, secrets), 300) }] : []),
          ...(l.Commit ? [{ label: 'commit', value: `${l.Commit}${l.Date ? ` ${l.Date}` : ''}` }] : []),
          ...(l.Entropy !== undefined ? [{ label: 'entropy', value: l.Entropy.toFixed(2) }] : []),
        ],
        remediation:
          'Revoke the secret and issue a new one, remove it from the file and the repository history, and keep secrets in a secret store.',
        key: l.Fingerprint ? l.Fingerprint : `${l.Commit}:${l.File}:${l.RuleID}:${l.StartLine}`,
        secrets,
      });
    }
    return {};
  },
};
