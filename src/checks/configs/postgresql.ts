import { configCheck } from './shared.js';

export const POSTGRESQL_ITEMS = {
  'postgresql.listen': ['BIZ.SERVER.DATABASE.NO_PUBLIC_PORT'],
  'postgresql.ssl': ['BIZ.SERVER.DATABASE.CERTIFICATE_ENCRYPTED_CONNECTION', 'DJCP3.CE.DC.TRANSMISSION'],
  'postgresql.password-encryption': ['BIZ.SERVER.DATABASE.PASSWORD_COMPLEXITY'],
  'postgresql.logging': ['BIZ.SERVER.DATABASE.LOG_RETENTION', 'DJCP3.CE.AU.AUDIT_ENABLED'],
  'pg_hba.auth-method': ['BIZ.SERVER.DATABASE.PASSWORD_COMPLEXITY', 'DJCP3.CE.IA.UNIQUE_COMPLEX_CREDENTIALS'],
  'pg_hba.ssl-required': ['BIZ.SERVER.DATABASE.CERTIFICATE_ENCRYPTED_CONNECTION'],
  'pg_hba.address-allowlist': ['BIZ.SERVER.DATABASE.ADDRESS_ALLOWLIST'],
};

export default configCheck(
  {
    id: 'configs.postgresql',
    title: 'PostgreSQL configuration',
    description:
      'Judges postgresql.conf (listen_addresses, ssl, password_encryption, connection logging) and pg_hba.conf (trust / password / md5 versus scram-sha-256, hostssl for remote rules, rules open to any address).',
    severity: 'high',
    confidence: 'high',
    tags: ['postgresql', 'database', 'config'],
    remediation: 'Apply the fix named in each finding and reload PostgreSQL (`SELECT pg_reload_conf()`).',
    references: [
      'https://www.postgresql.org/docs/15/auth-pg-hba-conf.html',
      'https://www.postgresql.org/docs/15/runtime-config-connection.html',
    ],
  },
  ['postgresql', 'pg_hba'],
  POSTGRESQL_ITEMS,
);
