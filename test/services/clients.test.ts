import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import { runCommand } from '../../src/clients/process.js';
import { TcpConversation, TcpError, probePort, withTcp } from '../../src/clients/tcp.js';
import { sshHello } from '../../src/checks/services/probes.js';
import { freePort } from '../support/ports.js';

/** Fake servers: hostile peers (slow drip, flood, garbage) that no real service here imitates. */
const servers: Server[] = [];
const sockets: Socket[] = [];
function fakeServer(onConnection: (s: Socket) => void): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer((s) => {
      sockets.push(s);
      s.on('error', () => undefined);
      onConnection(s);
    });
    servers.push(srv);
    srv.listen(0, '127.0.0.1', () => resolve((srv.address() as { port: number }).port));
  });
}
afterEach(() => {
  sockets.splice(0).forEach((s) => s.destroy());
  servers.splice(0).forEach((s) => s.close());
});

describe('bounded TCP client', () => {
  it('a fake slow-drip peer cannot hold a read past the deadline', async () => {
    const port = await fakeServer((s) => {
      const t = setInterval(() => (s.destroyed ? clearInterval(t) : s.write('a')), 50);
    });
    const started = Date.now();
    await expect(withTcp({ host: '127.0.0.1', port, timeoutMs: 400 }, (c) => c.readLine())).rejects.toMatchObject({
      code: 'timeout',
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a fake flooding peer is cut at maxBytes', async () => {
    const port = await fakeServer((s) => s.write(Buffer.alloc(200_000, 0x41)));
    await expect(
      withTcp({ host: '127.0.0.1', port, maxBytes: 10_000 }, (c) => c.readBytes(150_000)),
    ).rejects.toBeInstanceOf(TcpError);
  });

  it('refused, open and garbage answers are told apart', async () => {
    const closed = await freePort();
    expect(await probePort('127.0.0.1', closed, 500)).toBe('closed');
    const port = await fakeServer((s) => s.end('HTTP/1.0 400 Bad Request\r\n\r\n'));
    expect(await probePort('127.0.0.1', port, 500)).toBe('open');
    await expect(sshHello('127.0.0.1', port)).rejects.toThrow(/closed the connection|no SSH identification/);
    await expect(TcpConversation.connect({ host: '127.0.0.1', port: closed })).rejects.toMatchObject({
      code: 'refused',
    });
  });
});

describe('bounded process client', () => {
  it('kills a command at its deadline', async () => {
    const r = await runCommand({ file: 'sleep', args: ['5'], timeoutMs: 200 });
    expect(r).toMatchObject({ found: true, timedOut: true });
  });
  it('cuts output at maxBytes', async () => {
    const r = await runCommand({ file: 'yes', args: ['chainaudit'], maxBytes: 1_000 });
    expect(r.truncated).toBe(true);
    expect(r.stdout.length).toBe(1_000);
  });
  it('passes arguments without a shell and reports a missing binary', async () => {
    const r = await runCommand({ file: 'echo', args: ['$(id)', ';', 'ls'] });
    expect(r.stdout).toBe('$(id) ; ls\n');
    expect((await runCommand({ file: 'no-such-binary-chainaudit' })).found).toBe(false);
  });
});
