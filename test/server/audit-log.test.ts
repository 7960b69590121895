import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/server/db/connect.js';
import { runCli } from '../support/cli.js';
import { Client, firstAdmin, startTestServer, type TestServer } from './support/harness.js';

describe('chainaudit serve verify-log', () => {
  let dir: string;
  let server: TestServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chainaudit-log-'));
    server = await startTestServer({ dataDir: dir });
    const admin = await firstAdmin(server);
    for (const name of ['one', 'two', 'three']) await admin.post('/api/v1/projects', { name });
    await server.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** What an intruder with database access does: drop the guard, then change history. */
  async function tamper(statement: string) {
    const db = await openDb({ dataDir: dir });
    try {
      await sql.raw('DROP TRIGGER IF EXISTS audit_log_no_update').execute(db.db);
      await sql.raw('DROP TRIGGER IF EXISTS audit_log_no_delete').execute(db.db);
      await sql.raw(statement).execute(db.db);
    } finally {
      await db.close();
    }
  }

  it('reports an intact log', async () => {
    const r = await runCli(['serve', 'verify-log', '--data', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/audit log intact: 5 entries/);
  });

  it('catches an edited entry', async () => {
    await tamper(`UPDATE audit_log SET actor = 'nobody' WHERE seq = 3`);
    const r = await runCli(['serve', 'verify-log', '--data', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/entry 3: content does not match its hash \(edited\)/);
  });

  it('catches a deleted entry and a cut tail', async () => {
    await tamper(`DELETE FROM audit_log WHERE seq = 2`);
    let r = await runCli(['serve', 'verify-log', '--data', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/entry 2: entries 2–2 are missing \(deleted\)/);
    await tamper(`DELETE FROM audit_log WHERE seq = 5`);
    r = await runCli(['serve', 'verify-log', '--data', dir]);
    expect(r.stdout).toMatch(/tail deleted/);
  });
});

describe('chainaudit serve create-admin', () => {
  let dir: string;
  let server: TestServer | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'chainaudit-admin-'));
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates an admin with a one-time link and no password', async () => {
    const r = await runCli([
      'serve',
      'create-admin',
      'root-admin',
      '--data',
      dir,
      '--public-url',
      'http://127.0.0.1:1',
    ]);
    expect(r.code).toBe(0);
    const link = new URL(r.stdout.trim());
    expect(link.pathname).toBe('/setup');
    server = await startTestServer({ dataDir: dir });
    expect(server.firstAdminUrl).toBeNull();
    const login = await new Client(server.url).post('/api/v1/auth/login', { username: 'root-admin', password: '' });
    expect(login.status).toBe(400);
    const setup = await new Client(server.url).post('/api/v1/auth/setup', {
      token: link.searchParams.get('token'),
      password: 'a sufficiently long one',
    });
    expect(setup.status).toBe(200);
    const again = await new Client(server.url).post('/api/v1/auth/setup', {
      token: link.searchParams.get('token'),
      password: 'a sufficiently long two',
    });
    expect(again.status).toBe(400);
    expect((await runCli(['serve', 'create-admin', 'root-admin', '--data', dir])).code).toBe(2);
  });
});
