import { randomBytes } from 'node:crypto';
import type { CheckResult } from '../types.js';
import { defineCheck } from '../types.js';
import {
  answerText,
  fund,
  inMempool,
  refuseUnsafe,
  submitToAll,
  takeCoin,
  waitForSameTip,
  waitUntil,
  withChainLock,
  type Coin,
  type Funding,
} from './active-support.js';
import type { BitcoinContext } from './support.js';
import { encodeTx, txidOf, type Tx } from '../../analyzers/ledger/bitcoin/tx.js';
import { p2pkhScript, signP2pkh, spend } from '../../analyzers/ledger/bitcoin/p2pkh.js';

const FEE = 100_000n;
/** A standard P2PKH output to a key nobody holds, so policy checks never mask the rule under test. */
const ELSEWHERE = p2pkhScript(randomBytes(33));
/** Consensus cap on a transaction's non-witness size (MAX_BLOCK_WEIGHT / WITNESS_SCALE_FACTOR). */
const OVERSIZE_BYTES = 1_000_100;

/** A case yields a transaction, raw bytes that are not one, or why it could not be set up. */
type Built = { tx: Tx } | { raw: string } | { problem: string };

interface IllegalCase {
  name: string;
  procedure: string;
  /** What a correct node says, as a pattern over its error message. */
  expected: RegExp;
  expectedText: string;
  funded: boolean;
  build(ctx: BitcoinContext, f: Funding | undefined, coin: Coin | undefined): Promise<Built>;
}

function randomOutpoint(): { txid: string; vout: number } {
  return { txid: randomBytes(32).toString('hex'), vout: 0 };
}

/** The "initiate an illegal transaction" procedure of the classified-protection blockchain evaluation method, one case per way a transaction can be illegal. */
export const CASES: IllegalCase[] = [
  {
    name: 'bad-signature',
    procedure: 'spend a mature output of the audit key with one bit of the signature flipped',
    expected: /script-verify|signature|mandatory/i,
    expectedText: '-26 mandatory-script-verify-flag-failed',
    funded: true,
    build: async (_ctx, f, coin) => {
      const tx = signP2pkh(spend(coin!, f!.key.script, coin!.value - FEE), f!.key);
      const sig = tx.inputs[0].scriptSig;
      sig[10] ^= 0x01;
      return { tx };
    },
  },
  {
    name: 'double-spend-mempool',
    procedure:
      'spend an output, wait until every node holds that spend in its mempool, then send a second spend of the same output to another destination',
    expected: /txn-mempool-conflict|conflict/i,
    expectedText: '-26 txn-mempool-conflict',
    funded: true,
    build: async (ctx, f, coin) => {
      const first = signP2pkh(spend(coin!, f!.key.script, coin!.value - FEE), f!.key);
      const firstId = txidOf(first);
      const sent = await ctx.rpc(ctx.group[0]).call<string>('sendrawtransaction', [encodeTx(first).toString('hex')]);
      if (!sent.ok)
        return {
          problem: `the first (legal) spend was refused by ${ctx.group[0].id}: ${sent.error?.message ?? sent.malformed}`,
        };
      const everywhere = await waitUntil(
        ctx,
        async () => (await Promise.all(ctx.group.map((t) => inMempool(ctx, t, firstId)))).every(Boolean),
        30_000,
      );
      if (!everywhere) return { problem: `the first spend ${firstId} did not reach every node's mempool within 30 s` };
      return { tx: signP2pkh(spend(coin!, ELSEWHERE, coin!.value - 2n * FEE), f!.key) };
    },
  },
  {
    name: 'double-spend-confirmed',
    procedure: 'spend an output, mine the spend into a block, then send a second spend of the same output',
    expected: /missing|spent|inputs/i,
    expectedText: '-25 bad-txns-inputs-missingorspent',
    funded: true,
    build: async (ctx, f, coin) => {
      const first = signP2pkh(spend(coin!, f!.key.script, coin!.value - FEE), f!.key);
      const sent = await ctx.rpc(ctx.group[0]).call<string>('sendrawtransaction', [encodeTx(first).toString('hex')]);
      if (!sent.ok)
        return {
          problem: `the first (legal) spend was refused by ${ctx.group[0].id}: ${sent.error?.message ?? sent.malformed}`,
        };
      await ctx.rpc(ctx.group[0]).result('generatetodescriptor', [1, 'raw(51)#8lvh9jxk']);
      if (!(await waitForSameTip(ctx, 30_000)))
        return { problem: 'the block confirming the first spend did not reach every node within 30 s' };
      return { tx: signP2pkh(spend(coin!, ELSEWHERE, coin!.value - 2n * FEE), f!.key) };
    },
  },
  {
    name: 'immature-coinbase',
    procedure: 'spend a coinbase output that has fewer than 100 confirmations',
    expected: /premature-spend-of-coinbase|immature/i,
    expectedText: '-26 bad-txns-premature-spend-of-coinbase',
    funded: true,
    build: async (_ctx, f) => ({ tx: signP2pkh(spend(f!.immature, f!.key.script, f!.immature.value - FEE), f!.key) }),
  },
  {
    name: 'outputs-exceed-inputs',
    procedure: 'spend an output paying out 1 coin more than it holds (correctly signed)',
    expected: /in-belowout|belowout/i,
    expectedText: '-26 bad-txns-in-belowout',
    funded: true,
    build: async (_ctx, f, coin) => ({
      tx: signP2pkh(spend(coin!, f!.key.script, coin!.value + 100_000_000n), f!.key),
    }),
  },
  {
    name: 'missing-inputs',
    procedure: 'spend an output of a transaction that does not exist',
    expected: /missing|inputs/i,
    expectedText: '-25 bad-txns-inputs-missingorspent',
    funded: false,
    build: async () => ({ tx: spend(randomOutpoint(), ELSEWHERE, 1_000_000n) }),
  },
  {
    name: 'duplicate-inputs',
    procedure: 'spend the same outpoint twice inside one transaction (the CVE-2018-17144 pattern)',
    expected: /inputs-duplicate|duplicate/i,
    expectedText: '-26 bad-txns-inputs-duplicate',
    funded: false,
    build: async () => {
      const tx = spend(randomOutpoint(), ELSEWHERE, 1_000_000n);
      tx.inputs.push({ ...tx.inputs[0] });
      return { tx };
    },
  },
  {
    name: 'garbage',
    procedure: 'send bytes that do not decode as a transaction',
    expected: /decode/i,
    expectedText: '-22 TX decode failed',
    funded: false,
    build: async () => ({ raw: 'deadbeef00' + randomBytes(20).toString('hex') }),
  },
  {
    name: 'oversized',
    procedure: `send a transaction of ${OVERSIZE_BYTES} bytes (over the 1,000,000-byte consensus limit)`,
    expected: /oversize|size/i,
    expectedText: '-26 bad-txns-oversize',
    funded: false,
    build: async () => {
      const tx = spend(randomOutpoint(), ELSEWHERE, 1_000_000n);
      tx.outputs.push({ value: 0n, script: Buffer.alloc(OVERSIZE_BYTES) });
      return { tx };
    },
  },
];

export default defineCheck(
  {
    id: 'bitcoin.consensus.illegal-transactions',
    title: 'Every node rejects illegal transactions',
    description:
      'Executes the consensus-effectiveness procedure on a test network: builds transactions that break a validity rule (bad signature, double spend in the mempool and after confirmation, immature coinbase spend, outputs above inputs, missing and duplicate inputs, undecodable bytes, oversize), submits each to every node and expects every node to refuse it with its own error.',
    targetKinds: ['bitcoin-node'],
    results: Object.fromEntries(CASES.map((c) => [c.name, { title: c.procedure }])),
    severity: 'critical',
    confidence: 'high',
    tags: ['active', 'consensus', 'transactions'],
    remediation:
      'A node that accepts any of these transactions runs modified or broken validation: take it out of the network, rebuild it from a released client and re-validate its chain state (-reindex-chainstate).',
    references: [
      'Research on blockchain evaluation methods under the classified protection of cybersecurity (Chinese Journal of Engineering, 2020), Table 5 (consensus effectiveness)',
      'https://github.com/bitcoin/bitcoin/blob/v0.21.0/src/consensus/tx_check.cpp',
      'https://github.com/bitcoin/bitcoin/blob/v0.21.0/src/validation.cpp',
    ],
    level: 'active',
    granularity: 'chain',
    timeoutMs: 300_000,
  },
  async (ctx) => {
    const { refusal, chain } = await refuseUnsafe(ctx);
    if (refusal) return [refusal];
    return withChainLock(ctx, async () => {
      const funding = await fund(ctx, chain!);
      const results: CheckResult[] = [];
      for (const c of CASES) {
        if (ctx.signal.aborted) break;
        const f = typeof funding === 'string' ? undefined : funding;
        if (c.funded && !f) {
          results.push({
            status: 'error',
            message: `${c.name}: not run, ${funding as string}`,
            result: c.name,
            key: c.name,
          });
          continue;
        }
        const coin = c.funded && c.name !== 'immature-coinbase' ? takeCoin(f!) : undefined;
        if (c.funded && c.name !== 'immature-coinbase' && !coin) {
          results.push({
            status: 'error',
            message: `${c.name}: no funded output left for this case`,
            result: c.name,
            key: c.name,
          });
          continue;
        }
        ctx.progress(`illegal transaction: ${c.name}`);
        const built = await c.build(ctx, f, coin);
        if ('problem' in built) {
          results.push({
            status: 'error',
            message: `${c.name}: could not set up the case: ${built.problem}`,
            result: c.name,
            key: c.name,
          });
          continue;
        }
        const hex = 'raw' in built ? built.raw : encodeTx(built.tx).toString('hex');
        const id = 'tx' in built ? txidOf(built.tx) : undefined;
        const answers = await submitToAll(ctx, hex);
        const accepted = answers.filter((a) => a.out?.ok);
        const silent = answers.filter((a) => !a.out || (!a.out.ok && !a.out.error));
        const unexpected = answers.filter((a) => a.out?.error && !c.expected.test(a.out.error.message));
        const held = id
          ? (
              await Promise.all(
                ctx.group.map(async (t) => ((await inMempool(ctx, t, id).catch(() => false)) ? t.id : undefined)),
              )
            ).filter(Boolean)
          : [];
        const evidence = [
          { label: 'procedure', value: `${c.procedure}${f && c.funded ? `; funding: ${f.evidence}` : ''}` },
          {
            label: 'expected effect',
            value: `every node refuses it (${c.expectedText}); illegal transactions cannot pass consensus`,
          },
          {
            label: 'transaction',
            value: id ? `txid ${id}, ${hex.length / 2} bytes` : `${hex.length / 2} bytes of non-transaction data`,
          },
          ...answers.map((a) => ({ label: `${a.target.id} sendrawtransaction`, value: answerText(a) })),
          ...(id ? [{ label: 'in a mempool afterwards', value: held.length ? held.join(', ') : 'on no node' }] : []),
        ];
        if (accepted.length > 0 || held.length > 0) {
          results.push({
            status: 'fail',
            message: `${c.name}: accepted by ${[...new Set([...accepted.map((a) => a.target.id), ...held])].join(', ')}`,
            evidence,
            result: c.name,
            key: c.name,
          });
        } else if (silent.length > 0) {
          results.push({
            status: 'error',
            message: `${c.name}: ${silent.map((a) => a.target.id).join(', ')} gave no JSON-RPC answer`,
            evidence,
            result: c.name,
            key: c.name,
          });
        } else {
          results.push({
            status: 'pass',
            message: `${c.name}: rejected by all ${answers.length} nodes${unexpected.length ? ` (${unexpected.map((a) => a.target.id).join(', ')} with another reason than ${c.expectedText})` : ` with ${c.expectedText}`}`,
            evidence,
            result: c.name,
            key: c.name,
          });
        }
      }
      return results;
    });
  },
);
