import { configCheck, type ConfigRules } from './shared.js';

export const POSTGRESQL_RULES: ConfigRules = {
  'postgresql.listen': { title: 'Listen addresses', severity: 'high' },
  'postgresql.ssl': { title: 'TLS for client connections (ssl)', severity: 'high' },
  'postgresql.password-encryption': { title: 'Password hashing (scram-sha-256)', severity: 'medium' },
  'postgresql.logging': { title: 'Connection and statement logging', severity: 'medium' },
  'pg_hba.auth-method': { title: 'Client authentication method (trust, password, md5)', severity: 'critical' },
  'pg_hba.ssl-required': { title: 'Remote clients required to use TLS (hostssl)', severity: 'medium' },
  'pg_hba.address-allowlist': { title: 'Client address allow-list', severity: 'high' },
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
  POSTGRESQL_RULES,
);
