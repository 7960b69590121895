import { configCheck } from './shared.js';

export const SSHD_ITEMS = {
  'sshd.root-login': ['BIZ.SERVER.BASIC_CONFIG.SSH_NO_ROOT_LOGIN', 'DJCP3.CE.AC.DEFAULT_ACCOUNTS'],
  'sshd.key-only': [
    'BIZ.SERVER.BASIC_CONFIG.SSH_KEY_LOGIN',
    'EXT.OPS.SSH_KEY_ALLOWLIST',
    'BIZ.NET.PORT.SSH_KEY_LOGIN',
    'BIZ.NET.PORT.DISABLE_WEAK_PASSWORDS',
    'DJCP3.CE.IA.UNIQUE_COMPLEX_CREDENTIALS',
  ],
  'sshd.empty-passwords': ['BIZ.SERVER.BASIC_CONFIG.PASSWORD_COMPLEXITY', 'DJCP3.CE.IA.UNIQUE_COMPLEX_CREDENTIALS'],
  'sshd.port': ['BIZ.SERVER.BASIC_CONFIG.SSH_NONDEFAULT_PORT'],
  'sshd.weak-algorithms': [
    'DJCP3.CE.IA.REMOTE_ADMIN_PROTECTION',
    'DJCP3.CE.DC.TRANSMISSION',
    'DJCP3.CE.DI.TRANSMISSION',
  ],
  'sshd.max-auth-tries': ['DJCP3.CE.IA.LOGIN_FAILURE_HANDLING'],
  'sshd.idle-timeout': ['DJCP3.CE.IA.LOGIN_FAILURE_HANDLING'],
  'sshd.allow-list': [
    'EXT.OPS.SSH_KEY_ALLOWLIST',
    'DJCP3.CE.IP.MGMT_TERMINAL_RESTRICTION',
    'DJCP3.CE.AC.ACCOUNT_ASSIGNMENT',
  ],
  'sshd.log-level': ['BIZ.SERVER.BASIC_CONFIG.LOGGING_STRATEGY', 'DJCP3.CE.AU.AUDIT_ENABLED'],
  'sshd.match-override': ['BIZ.SERVER.BASIC_CONFIG.SSH_NO_ROOT_LOGIN', 'BIZ.SERVER.BASIC_CONFIG.SSH_KEY_LOGIN'],
};

export default configCheck(
  {
    id: 'configs.sshd',
    title: 'SSH server configuration',
    description:
      'Judges sshd_config (or `sshd -T` output): root login, password versus key-only login, port, weak ciphers / key exchange / MACs / host-key algorithms, MaxAuthTries, idle-session timeouts, AllowUsers/AllowGroups and log level. sshd takes the first value it reads, so Include files are read in place and Match blocks are flagged.',
    severity: 'high',
    confidence: 'high',
    tags: ['ssh', 'config', 'server'],
    remediation: 'Apply the fix named in each finding, then check the effective result with `sshd -T`.',
    references: ['https://man.openbsd.org/sshd_config', 'https://www.ssh-audit.com/hardening_guides.html'],
  },
  ['sshd'],
  SSHD_ITEMS,
);
