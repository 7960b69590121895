import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bitcoinChecks } from '../../src/checks/bitcoin/index.js';
import { startFakeHostileServer, type Behaviour, type FakeHostileServer } from '../evm/fake-hostile-server.js';
import { audit, makeScope } from './harness.js';

const passive = bitcoinChecks.filter((c) => c.meta.level === 'passive').map((c) => c.meta.id);
const CHECK_TIMEOUT_MS = 4_000;

/**
 * What these checks judge is the URL, an HTTP refusal of the REST path, or the one call the fake
 * answers politely (getblockchaininfo).
 */
const JUDGED_WITHOUT_GARBAGE = new Set([
  'bitcoin.rpc.allowip',
  'bitcoin.rest.unauthenticated',
  'bitcoin.node.sync-status',
]);

describe('Bitcoin-family checks against a FAKE hostile server (behaviours no real node shows)', () => {
  let fake: FakeHostileServer;
  beforeAll(async () => {
    fake = await startFakeHostileServer();
  });
  afterAll(async () => {
    await fake.close();
  });

  it.each<Behaviour>(['html', 'empty', 'not-json-rpc', 'deep-nesting'])(
    '%s after a polite getblockchaininfo: every check that needed another answer errors, none judges the garbage',
    async (behaviour) => {
      const findings = await audit(
        makeScope([
          {
            id: behaviour,
            kind: 'bitcoin-node',
            rpc: fake.url(behaviour, { answerChainId: true }),
            allowCredentialGuessing: true,
          },
        ]),
        passive,
      );
      expect(new Set(findings.map((f) => f.checkId))).toEqual(new Set(passive));
      const judged = findings.filter((f) => f.status !== 'error' && !JUDGED_WITHOUT_GARBAGE.has(f.checkId));
      expect(judged.map((f) => `${f.checkId}#${f.result ?? ''} ${f.status}: ${f.message}`)).toEqual([]);
    },
    CHECK_TIMEOUT_MS * 6,
  );
});
