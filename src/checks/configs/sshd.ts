import { configCheck, type ConfigRules } from './shared.js';

export const SSHD_RULES: ConfigRules = {
  'sshd.root-login': { title: 'Root login over SSH', severity: 'high' },
  'sshd.key-only': { title: 'Key-only login (no passwords)', severity: 'high' },
  'sshd.empty-passwords': { title: 'Empty passwords permitted', severity: 'critical' },
  'sshd.port': { title: 'Non-default SSH port', severity: 'low' },
  'sshd.weak-algorithms': { title: 'Weak ciphers, key exchange, MACs or host-key algorithms', severity: 'medium' },
  'sshd.max-auth-tries': { title: 'Authentication attempts per connection (MaxAuthTries)', severity: 'low' },
  'sshd.idle-timeout': { title: 'Idle session timeout', severity: 'low' },
  'sshd.allow-list': { title: 'Login allow-list (AllowUsers, AllowGroups)', severity: 'low' },
  'sshd.log-level': { title: 'Log level', severity: 'low' },
  'sshd.match-override': { title: 'Match blocks that re-enable what the global section disables', severity: 'medium' },
  'sshd.x11-forwarding': { title: 'X11 forwarding', severity: 'medium' },
};

export default configCheck(
  {
    id: 'configs.sshd',
    title: 'SSH server configuration',
    description:
      'Judges sshd_config (or `sshd -T` output): root login, password versus key-only login, port, weak ciphers / key exchange / MACs / host-key algorithms, MaxAuthTries, idle-session timeouts, AllowUsers/AllowGroups, X11 forwarding and log level. sshd takes the first value it reads, so Include files are read in place; each Match block is judged with the settings it gives the connections it matches, and what it re-enables counts as enabled when the block matches every address.',
    severity: 'high',
    confidence: 'high',
    tags: ['ssh', 'config', 'server'],
    remediation: 'Apply the fix named in each finding, then check the effective result with `sshd -T`.',
    references: ['https://man.openbsd.org/sshd_config', 'https://www.ssh-audit.com/hardening_guides.html'],
  },
  ['sshd'],
  SSHD_RULES,
);
