import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { freePort } from '../support/ports.js';
import { firstAdmin, newToken, startTestServer, type Client, type TestServer } from './support/harness.js';

describe('chainaudit audit --push', () => {
  let server: TestServer;
  let admin: Client;
  let work: string;
  let projectId: string;
  const audit = (push: string, out = 'out') =>
    runCli([
      'audit',
      join(work, 'scope.yaml'),
      '--only',
      'configs.*',
      '--no-store',
      '-q',
      '-f',
      'json',
      '-o',
      join(work, out),
      '--push',
      push,
    ]);

  beforeAll(async () => {
    server = await startTestServer();
    admin = await firstAdmin(server);
    projectId = (await admin.post('/api/v1/projects', { name: 'push' })).body.id;
    work = mkdtempSync(join(tmpdir(), 'chainaudit-push-'));
    writeFileSync(
      join(work, 'scope.yaml'),
      `name: push test\ntargets:\n  - { id: geth-1, kind: config, path: ${resolve('test/fixtures-configs/geth-weak.toml')} }\n`,
    );
  });
  afterAll(async () => {
    delete process.env.CHAINAUDIT_TOKEN;
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('refuses a bad URL or a missing token before auditing anything', async () => {
    delete process.env.CHAINAUDIT_TOKEN;
    let r = await audit('not a url', 'a');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--push not a url: not a URL/);
    r = await audit(`${server.url}/projects/${projectId}`, 'b');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\$CHAINAUDIT_TOKEN/);
    expect(existsSync(join(work, 'b'))).toBe(false);
  });

  it('uploads the run with a token from the environment, once however often it is pushed', async () => {
    process.env.CHAINAUDIT_TOKEN = await newToken(admin, ['runs:write'], { projectId });
    const r = await audit(`${server.url}/projects/${projectId}`, 'c');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/pushed run run_\w+: \d+ new findings/);
    const runs = (await admin.get(`/api/v1/projects/${projectId}/runs`)).body;
    expect(runs).toHaveLength(1);
  });

  it('names the server’s refusal and a server that is not there; the report is written either way', async () => {
    process.env.CHAINAUDIT_TOKEN = await newToken(admin, ['findings:read'], { projectId });
    let r = await audit(`${server.url}/api/v1/projects/${projectId}/runs`, 'd');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the server answered 403: this token lacks the runs:write scope/);
    expect(existsSync(join(work, 'd', 'report.json'))).toBe(true);
    r = await audit(`http://127.0.0.1:${await freePort()}/projects/${projectId}`, 'e');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ECONNREFUSED/);
    expect(existsSync(join(work, 'e', 'report.json'))).toBe(true);
  });
});
