import { parsePasswd } from '../../analyzers/configs/host.js';
import { defineCheck } from '../types.js';
import { isLocal, readSmall, REMOTE_ONLY } from './local.js';

export default defineCheck(
  {
    id: 'host.uid0-accounts',
    title: 'Only root has UID 0',
    description:
      'Reads /etc/passwd and reports every account other than root with user id 0: a second, unaccountable superuser.',
    targetKinds: ['host'],
    severity: 'critical',
    confidence: 'high',
    tags: ['host', 'accounts', 'local'],
    remediation: 'Remove the extra UID-0 accounts (or give them their own UID) and grant administration through sudo.',
    references: [],
    level: 'passive',
  },
  async (ctx) => {
    if (!isLocal(ctx.target)) return REMOTE_ONLY;
    const text = readSmall('/etc/passwd');
    if (text === undefined) return [{ status: 'error', message: '/etc/passwd cannot be read' }];
    const extra = parsePasswd(text).filter((e) => e.uid === 0 && e.name !== 'root');
    if (extra.length)
      return extra.map((e) => ({
        status: 'fail' as const,
        message: `account ${e.name} has UID 0`,
        locations: [{ file: '/etc/passwd', line: e.line }],
        evidence: [{ label: '/etc/passwd', value: `${e.name}:x:0:${e.gid}:…:${e.shell}` }],
        key: e.name,
      }));
    return [{ status: 'pass', message: 'root is the only account with UID 0', locations: [{ file: '/etc/passwd' }] }];
  },
);
