import type { Check } from '../types.js';
import listeningSockets from './listening-sockets.js';
import firewall from './firewall.js';
import autoUpdates from './auto-updates.js';
import clockSync from './clock-sync.js';
import uid0Accounts from './uid0-accounts.js';
import nodeProcessRoot from './node-process-root.js';
import filePermissions from './file-permissions.js';
import sudoNopasswd from './sudo-nopasswd.js';
import sshdEffectiveConfig from './sshd-effective-config.js';
import nginxEffectiveConfig from './nginx-effective-config.js';

export const hostChecks: Check[] = [
  listeningSockets,
  firewall,
  autoUpdates,
  clockSync,
  uid0Accounts,
  nodeProcessRoot,
  filePermissions,
  sudoNopasswd,
  sshdEffectiveConfig,
  nginxEffectiveConfig,
];
