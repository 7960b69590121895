import { configCheck } from './shared.js';

export default configCheck(
  {
    id: 'configs.couchdb',
    title: 'CouchDB configuration',
    description:
      'Judges CouchDB local.ini: the "admin party" (no administrator, everyone is admin), bind address of the HTTP interfaces, and whether anonymous requests are served. Fabric peers use CouchDB as their state database.',
    severity: 'critical',
    confidence: 'high',
    tags: ['couchdb', 'database', 'fabric', 'config'],
    remediation: 'Apply the fix named in each finding and restart CouchDB.',
    references: ['https://docs.couchdb.org/en/stable/config/auth.html'],
  },
  ['couchdb'],
  {
    'couchdb.admin-party': { title: 'CouchDB admin party (no admin account)', severity: 'critical' },
    'couchdb.bind': { title: 'CouchDB bind address', severity: 'high' },
    'couchdb.require-valid-user': { title: 'CouchDB requires a valid user', severity: 'high' },
  },
);
