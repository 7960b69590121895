import { configCheck } from './shared.js';

export const REDIS_ITEMS = {
  'redis.auth': [
    'BIZ.SERVER.CACHE.PASSWORD_COMPLEXITY',
    'BIZ.SERVER.CACHE.LOGIN_ALLOWLIST',
    'DJCP3.CE.IA.UNIQUE_COMPLEX_CREDENTIALS',
  ],
  'redis.password-strength': ['BIZ.SERVER.CACHE.PASSWORD_COMPLEXITY'],
  'redis.bind': ['BIZ.SERVER.CACHE.NO_PUBLIC_PORT'],
  'redis.protected-mode': ['BIZ.SERVER.CACHE.NO_PUBLIC_PORT', 'BIZ.SERVER.CACHE.LOGIN_ALLOWLIST'],
  'redis.dangerous-commands': ['DJCP3.CE.AC.LEAST_PRIVILEGE'],
  'redis.tls': ['BIZ.SERVER.CACHE.ENCRYPTED_CONNECTION', 'DJCP3.CE.DC.TRANSMISSION'],
};

export default configCheck(
  {
    id: 'configs.redis',
    title: 'Redis configuration',
    description:
      'Judges redis.conf: password or ACL for the default user and its strength, bind address, protected mode, renamed or ACL-restricted dangerous commands (FLUSHALL, CONFIG, DEBUG…), and TLS.',
    severity: 'critical',
    confidence: 'high',
    tags: ['redis', 'cache', 'config'],
    remediation: 'Apply the fix named in each finding and restart Redis.',
    references: ['https://redis.io/docs/latest/operate/oss_and_stack/management/security/'],
  },
  ['redis'],
  REDIS_ITEMS,
);
