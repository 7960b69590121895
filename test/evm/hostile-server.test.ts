import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evmChecks } from '../../src/checks/evm/index.js';
import {
  startFakeHostileServer,
  HOSTILE_VERSION,
  type Behaviour,
  type FakeHostileServer,
} from './fake-hostile-server.js';
import { audit, scopeOf } from './support.js';

const passive = evmChecks.filter((c) => c.meta.level === 'passive');
const CHECK_TIMEOUT_MS = 4_000;

describe('EVM checks against a FAKE hostile server (behaviours no real node shows)', () => {
  let fake: FakeHostileServer;
  beforeAll(async () => {
    fake = await startFakeHostileServer();
  });
  afterAll(async () => {
    await fake.close();
  });

  it.each<Behaviour>(['endless', 'gigabyte', 'slow-drip', 'invalid-utf8', 'deep-nesting'])(
    '%s: every check ends in bounded time and memory with a clean verdict',
    async (behaviour) => {
      const rssBefore = process.memoryUsage().rss;
      const started = performance.now();
      const findings = await audit(
        passive,
        scopeOf([{ id: behaviour, rpc: fake.url(behaviour, { answerChainId: true }) }]),
        {
          checkTimeoutMs: CHECK_TIMEOUT_MS,
          concurrency: 16,
        },
      );
      const elapsed = performance.now() - started;
      expect(elapsed).toBeLessThan(CHECK_TIMEOUT_MS * 3);
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(300 * 1024 * 1024);
      expect(new Set(findings.map((f) => f.checkId))).toEqual(new Set(passive.map((c) => c.meta.id)));
      const accounts = findings.find((f) => f.checkId === 'evm.rpc.unlocked-accounts')!;
      expect([behaviour, accounts.status]).not.toEqual([behaviour, 'pass']);
      for (const f of findings) {
        for (const text of [f.message, ...f.evidence.map((e) => e.value)]) {
          expect(text.length).toBeLessThan(5000);
          expect(text).not.toMatch(/[\u0000-\u0008\u001b]/);
        }
      }
      // Dozens of requests each offered 1 GiB; every client hung up at its own size bound.
      if (behaviour === 'gigabyte') expect(fake.bytesSent.gigabyte ?? 0).toBeLessThan(1024 ** 3);
    },
    CHECK_TIMEOUT_MS * 4,
  );

  it.each<Behaviour>(['endless', 'gigabyte', 'slow-drip', 'deep-nesting'])(
    '%s from the first question: one unreachable-target finding, no check run, bounded',
    async (behaviour) => {
      const started = performance.now();
      const findings = await audit(passive, scopeOf([{ id: behaviour, rpc: fake.url(behaviour) }]), {
        checkTimeoutMs: CHECK_TIMEOUT_MS,
      });
      expect(performance.now() - started).toBeLessThan(CHECK_TIMEOUT_MS * 3);
      expect(findings.map((f) => [f.checkId, f.status])).toEqual([['target.unreachable', 'error']]);
      expect(findings[0].message).toMatch(/not in JSON-RPC|cannot be reached/);
    },
    CHECK_TIMEOUT_MS * 4,
  );

  /** What these checks judge is the URL, HTTP headers or the one call the fake answers politely (eth_chainId). */
  const JUDGED_WITHOUT_GARBAGE = new Set([
    'evm.rpc.plaintext',
    'evm.rpc.no-auth',
    'evm.rpc.host-header',
    'evm.rpc.cors',
    'evm.ws.any-origin',
    'evm.node.clock#host-clock',
  ]);

  it.each<Behaviour>(['html', 'empty', 'not-json-rpc', 'deep-nesting', 'gigabyte'])(
    '%s after a polite eth_chainId: every check that needed another answer errors, none judges the garbage',
    async (behaviour) => {
      const rpc = fake.url(behaviour, { answerChainId: true });
      const findings = await audit(
        passive,
        scopeOf([
          { id: `${behaviour}-1`, chain: 'garbage', rpc, authrpc: fake.url(behaviour) },
          { id: `${behaviour}-2`, chain: 'garbage', rpc, authrpc: fake.url(behaviour) },
        ]),
        { checkTimeoutMs: CHECK_TIMEOUT_MS, concurrency: 16 },
      );
      expect(new Set(findings.map((f) => f.checkId))).toEqual(new Set(passive.map((c) => c.meta.id)));
      const judged = findings.filter(
        (f) =>
          f.status !== 'error' &&
          !JUDGED_WITHOUT_GARBAGE.has(f.checkId) &&
          !JUDGED_WITHOUT_GARBAGE.has(`${f.checkId}#${f.result}`),
      );
      expect(judged.map((f) => `${f.checkId}#${f.result ?? ''} ${f.status}: ${f.message}`)).toEqual([]);
    },
    CHECK_TIMEOUT_MS * 4,
  );

  it('an anonymous caller shown an HTML page with HTTP 200 is not "refused": whether auth is enforced is an error', async () => {
    process.env.CHAINAUDIT_TEST_FAKE_TOKEN = 'fake-token';
    const findings = await audit(
      passive.filter((c) => c.meta.id === 'evm.rpc.no-auth'),
      scopeOf([
        {
          id: 'gateway',
          rpc: fake.url('html', { answerChainId: 'authenticated' }),
          auth: { bearer: { env: 'CHAINAUDIT_TEST_FAKE_TOKEN' } },
        },
      ]),
    );
    expect(findings.map((f) => [f.checkId, f.status])).toEqual([['evm.rpc.no-auth', 'error']]);
    expect(findings[0].evidence.map((e) => e.value).join(' ')).toMatch(/HTTP 200, not JSON: <!doctype html>/);
  });

  it('a hostile version string is data: reported bounded, without control characters, and matched against nothing', async () => {
    const findings = await audit(passive, scopeOf([{ id: 'hostile', rpc: fake.url('hostile-version') }]), {
      checkTimeoutMs: CHECK_TIMEOUT_MS,
    });
    const version = findings.find((f) => f.checkId === 'evm.rpc.client-version')!;
    expect(version.status).toBe('warn');
    expect(version.message).toContain('<img src=x onerror=alert(1)>');
    expect(version.message).not.toMatch(/[\u0000\u001b]/);
    expect(HOSTILE_VERSION).toMatch(/\u001b/);
    const advisories = findings.filter((f) => f.checkId === 'evm.node.client-advisories');
    expect(advisories.map((f) => f.status)).toEqual(['warn']);
    const accounts = findings.find((f) => f.checkId === 'evm.rpc.unlocked-accounts')!;
    expect(accounts.status).toBe('error');
  });
});
