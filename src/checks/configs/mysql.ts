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
    'mysql.parse': [],
    'mysql.skip-grant-tables': ['BIZ.SERVER.DATABASE.PASSWORD_COMPLEXITY', 'DJCP3.CE.IA.UNIQUE_COMPLEX_CREDENTIALS'],
    'mysql.bind': ['BIZ.SERVER.DATABASE.NO_PUBLIC_PORT'],
    'mysql.tls': ['BIZ.SERVER.DATABASE.CERTIFICATE_ENCRYPTED_CONNECTION'],
    'mysql.local-infile': ['DJCP3.CE.AC.LEAST_PRIVILEGE'],
    'mysql.auth-plugin': ['BIZ.SERVER.DATABASE.PASSWORD_COMPLEXITY'],
    'mysql.logging': ['BIZ.SERVER.DATABASE.LOG_RETENTION', 'DJCP3.CE.AU.AUDIT_ENABLED'],
  },
);
