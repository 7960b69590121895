import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pgProbe from '../../src/checks/services/postgresql.js';
import configsPostgresql from '../../src/checks/configs/postgresql.js';
import { hasBinary, prerequisite } from '../support/prereq.js';
import { audit, PG_BIN, selfSignedCert, startPostgres, type Running } from './servers.js';

const pgIds = () => ({
  uid: Number(execFileSync('id', ['-u', 'postgres']).toString()),
  gid: Number(execFileSync('id', ['-g', 'postgres']).toString()),
});

const ready = prerequisite(
  'postgresql 15',
  hasBinary(`${PG_BIN}/initdb`) && hasBinary('openssl'),
  'apt-get install postgresql-15 openssl',
);

describe.runIf(ready)('PostgreSQL 15: weak and hardened clusters', () => {
  let weak: Running & { dataDir: string };
  let hardened: Running & { dataDir: string };
  beforeAll(async () => {
    [weak, hardened] = await Promise.all([
      startPostgres((data) => {
        writeFileSync(
          join(data, 'pg_hba.conf'),
          'local all all trust\nhost all all 127.0.0.1/32 trust\nhost all all 0.0.0.0/0 md5\n',
        );
        appendFileSync(
          join(data, 'postgresql.conf'),
          "\nlisten_addresses = '*'\nssl = off\npassword_encryption = md5\n",
        );
      }),
      startPostgres((data) => {
        const { cert, key } = selfSignedCert(data);
        writeFileSync(
          join(data, 'pg_hba.conf'),
          'local all postgres peer\nhostssl all all 127.0.0.1/32 scram-sha-256\n',
        );
        appendFileSync(
          join(data, 'postgresql.conf'),
          `\nlisten_addresses = 'localhost'\nssl = on\nssl_cert_file = '${cert}'\nssl_key_file = '${key}'\npassword_encryption = 'scram-sha-256'\nlog_connections = on\nlog_disconnections = on\n`,
        );
      }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([weak?.stop(), hardened?.stop()]);
  });
  const host = (r: Running) => ({
    id: 'db',
    kind: 'host',
    address: '127.0.0.1',
    services: [{ name: 'postgresql', port: r.port }],
  });

  it('wire probe: SSL refused and trust auth on the weak cluster, TLS and SCRAM on the hardened one', async () => {
    const w = await audit([host(weak)], [pgProbe]);
    expect(w.map((f) => f.status)).toEqual(['fail', 'fail']);
    expect(w[0].evidence[1].value).toBe('"N"');
    expect(w[1].message).toMatch(/without a password \(trust\)/);
    const h = await audit([host(hardened)], [pgProbe]);
    expect(h.map((f) => f.status)).toEqual(['pass', 'pass']);
    expect(h[0].evidence[1].value).toBe('"S"');
    expect(h[1].message).toMatch(/SCRAM/);
  });

  it('postgresql.conf and pg_hba.conf of each cluster: weak fails, hardened passes', async () => {
    const files = (r: typeof weak) => [
      { id: 'conf', kind: 'config', path: join(r.dataDir, 'postgresql.conf') },
      { id: 'hba', kind: 'config', path: join(r.dataDir, 'pg_hba.conf') },
    ];
    const w = await audit(files(weak), [configsPostgresql], weak.dir);
    const statusOf = (text: RegExp) => w.filter((f) => text.test(f.message)).map((f) => f.status);
    expect(statusOf(/TLS is off/)).toEqual(['fail']);
    expect(statusOf(/md5 hashes/)).toEqual(['fail']);
    expect(statusOf(/every interface/)).toEqual(['warn']);
    expect(statusOf(/need no password \(trust\)/)).toEqual(['fail', 'fail']);
    expect(statusOf(/any address may try/)).toEqual(['fail']);
    const trust = w.find((f) => f.message.includes('(127.0.0.1/32)'))!;
    const hbaLines = readFileSync(join(weak.dataDir, 'pg_hba.conf'), 'utf8').split('\n');
    expect(hbaLines[trust.locations[0].line! - 1]).toBe('host all all 127.0.0.1/32 trust');
    const h = await audit(files(hardened), [configsPostgresql], hardened.dir);
    expect(h.filter((f) => f.status !== 'pass')).toEqual([]);
    expect(h.length).toBeGreaterThanOrEqual(6);
  });

  it("the running server's own view (psql SHOW ALL, pg_hba_file_rules) judged like the files", async () => {
    const psql = (r: typeof weak, sql: string) =>
      execFileSync(
        join(PG_BIN, 'psql'),
        ['-X', '-h', r.dir, '-p', String(r.port), '-U', 'postgres', '-d', 'postgres', '-c', sql],
        { uid: pgIds().uid, gid: pgIds().gid, env: { LANG: 'C', PATH: '/usr/bin:/bin' } },
      ).toString();
    const dumps = (r: typeof weak) => {
      writeFileSync(join(r.dir, 'show-all.txt'), psql(r, 'SHOW ALL'));
      writeFileSync(join(r.dir, 'hba-rules.txt'), psql(r, 'SELECT * FROM pg_hba_file_rules'));
      return [
        { id: 'settings', kind: 'config', path: join(r.dir, 'show-all.txt') },
        { id: 'hba', kind: 'config', path: join(r.dir, 'hba-rules.txt') },
      ];
    };
    const w = await audit(dumps(weak), [configsPostgresql], weak.dir);
    const failing = w
      .filter((f) => f.status === 'fail')
      .map((f) => `${f.targetId}: ${f.message}`)
      .sort();
    expect(failing).toEqual([
      'hba: any address may try to log in (0.0.0.0/0)',
      'hba: local socket connections to all as all need no password (trust)',
      'hba: loopback connections (127.0.0.1/32) to all as all need no password (trust)',
      'settings: TLS is off: passwords and data cross the network in clear text',
      'settings: passwords are stored as md5 hashes',
    ]);
    const h = await audit(dumps(hardened), [configsPostgresql], hardened.dir);
    expect(h.filter((f) => f.status !== 'pass')).toEqual([]);
    expect(h.filter((f) => f.targetId === 'hba').map((f) => f.message)).toEqual([
      'peer authentication for postgres@local',
      'scram-sha-256 authentication for all@127.0.0.1/32',
    ]);
  });
});
