import { configCheck } from './shared.js';

export default configCheck(
  {
    id: 'configs.mysql',
    title: 'MySQL / MariaDB configuration',
    description:
      'Judges the server groups of my.cnf: skip-grant-tables, bind address, required TLS, LOAD DATA LOCAL, SHA-1 based authentication plugin, logging.',
    severity: 'high',
    confidence: 'high',
    tags: ['mysql', 'mariadb', 'database', 'config'],
    remediation: 'Apply the fix named in each finding and restart the server.',
    references: [
      'https://dev.mysql.com/doc/refman/8.0/en/security-guidelines.html',
      'https://mariadb.com/kb/en/securing-mariadb/',
    ],
  },
  ['mysql'],
  {
    'mysql.parse': { title: 'Server section present', severity: 'info' },
    'mysql.skip-grant-tables': { title: 'Grant tables skipped (no authentication)', severity: 'critical' },
    'mysql.bind': { title: 'Bind address', severity: 'high' },
    'mysql.tls': { title: 'TLS required for connections', severity: 'high' },
    'mysql.local-infile': { title: 'LOCAL INFILE enabled', severity: 'medium' },
    'mysql.auth-plugin': { title: 'Authentication plugin', severity: 'medium' },
    'mysql.logging': { title: 'General, error and audit logging', severity: 'medium' },
  },
);
