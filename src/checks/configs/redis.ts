import { configCheck, type ConfigRules } from './shared.js';

export const REDIS_RULES: ConfigRules = {
  'redis.auth': { title: 'Clients must authenticate', severity: 'critical' },
  'redis.password-strength': { title: 'Password strength', severity: 'high' },
  'redis.bind': { title: 'Bind address', severity: 'high' },
  'redis.protected-mode': { title: 'Protected mode', severity: 'medium' },
  'redis.dangerous-commands': {
    title: 'Dangerous commands available (CONFIG, FLUSHALL, MODULE …)',
    severity: 'medium',
  },
  'redis.tls': { title: 'TLS for client connections', severity: 'medium' },
};

export default configCheck(
  {
    id: 'configs.redis',
    title: 'Redis configuration',
    description:
      'Judges redis.conf: a password for the default user and its strength, ACL users that accept any password (`user` directives and the aclfile the file names), bind address, protected mode, renamed or ACL-restricted dangerous commands (FLUSHALL, CONFIG, and DEBUG / MODULE where the version allows them), and TLS.',
    severity: 'critical',
    confidence: 'high',
    tags: ['redis', 'cache', 'config'],
    remediation: 'Apply the fix named in each finding and restart Redis.',
    references: ['https://redis.io/docs/latest/operate/oss_and_stack/management/security/'],
  },
  ['redis'],
  REDIS_RULES,
);
