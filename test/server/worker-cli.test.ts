import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

describe('chainaudit worker refuses bad settings before it asks for work', () => {
  it('names a server URL that is not https off this machine, or not a URL', async () => {
    let r = await runCli(['worker', '--server', 'http://audit.example.org', '--token', 'cat_x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--server http:\/\/audit\.example\.org: plain http outside this machine; use https/);
    r = await runCli(['worker', '--server', 'not a url', '--token', 'cat_x']);
    expect(r.stderr).toMatch(/--server not a url: not a URL/);
    r = await runCli(['worker', '--server', 'ftp://audit.example.org', '--token', 'cat_x', '--allow-http']);
    expect(r.stderr).toMatch(/expected https:\/\//);
  });

  it('needs a token and labels of the form name=value', async () => {
    delete process.env.CHAINAUDIT_TOKEN;
    let r = await runCli(['worker', '--server', 'https://audit.example.org']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/worker needs --token or \$CHAINAUDIT_TOKEN/);
    r = await runCli(['worker', '--server', 'https://audit.example.org', '--token', 'cat_x', '--label', 'zone']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--label zone: expected name=value/);
  });

  it('stops at once when the server refuses its token', async () => {
    const { startTestServer } = await import('./support/harness.js');
    const server = await startTestServer({ localJobs: 0 });
    try {
      const r = await runCli(['worker', '--server', server.url, '--token', 'cat_unknown', '--poll', '100']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/the server refused this worker \(401\): unknown API token/);
    } finally {
      await server.stop();
    }
  });
});
