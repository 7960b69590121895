import { errorMessage } from '../../errors.js';
import type { Evidence } from '../../model.js';
import type { EvmNodeTarget } from '../../scope/schema.js';
import type { CheckResult } from '../types.js';
import { defineCheck } from '../types.js';
import { clientVersion } from './rpc-client-version.js';
import { quantity, type EvmContext } from './probe.js';
import { callEvidence, show } from '../node-probe.js';
import { SECP256K1_N } from '../../analyzers/ledger/secp.js';
import {
  addressOf,
  randomKey,
  signLegacy,
  type LegacyTx,
  type SignedTx,
} from '../../analyzers/ledger/ethereum/sign.js';

/** Public networks whose nodes this tool never sends transactions to (source: chainlist.org ids). */
export const PUBLIC_MAINNET_CHAIN_IDS = new Set<bigint>(
  [
    1, 10, 25, 56, 61, 100, 137, 250, 324, 1101, 1284, 5000, 8453, 42161, 42170, 42220, 43114, 59144, 81457, 534352,
    7777777,
  ].map(BigInt),
);

const GWEI = 1_000_000_000n;
const ETHER = 10n ** 18n;
const FUNDING = ETHER;
const DEV_CLIENT = /^(anvil|hardhat|ganache|ethereumjs testrpc)/i;

interface IllegalProbe {
  key: string;
  title: string;
  expected: string;
  reason: RegExp;
  build(env: { key: Uint8Array; chainId: bigint; nonce: bigint; included?: SignedTx }): SignedTx | undefined;
}

const base = (nonce: bigint, to: string): LegacyTx => ({
  nonce,
  gasPrice: 2n * GWEI,
  gas: 21_000n,
  to,
  value: 0n,
  data: new Uint8Array(),
});

const ILLEGAL: IllegalProbe[] = [
  {
    key: 'zero-signature',
    title: 'transaction with an invalid signature (r = s = 0)',
    expected: 'rejected: no signer can be recovered',
    reason: /signature|signer|sender|recover|invalid (v|r|s)/i,
    build: ({ key, chainId, nonce }) =>
      signLegacy(base(nonce, addressOf(key)), chainId, key, (s) => ({ ...s, r: 0n, s: 0n })),
  },
  {
    key: 'high-s-signature',
    title: 'malleated signature (s replaced by n − s, EIP-2)',
    expected: 'rejected: high-s signatures are invalid since Homestead',
    reason: /signature|signer|sender|malleab|invalid (v|r|s)|s value/i,
    build: ({ key, chainId, nonce }) =>
      signLegacy(base(nonce, addressOf(key)), chainId, key, (s) => ({ r: s.r, s: SECP256K1_N - s.s, v: s.v ^ 1n })),
  },
  {
    key: 'wrong-chain-id',
    title: 'transaction signed for another chain id (cross-chain replay, EIP-155)',
    expected: 'rejected: signed for a different chain',
    reason: /chain ?id|eip-?155|replay|signer|sender/i,
    build: ({ key, chainId, nonce }) => signLegacy(base(nonce, addressOf(key)), chainId + 1n, key),
  },
  {
    key: 'insufficient-funds',
    title: 'transfer of more than the sender holds',
    expected: 'rejected: insufficient funds',
    reason: /insufficient funds|balance|funds/i,
    build: ({ key, chainId, nonce }) =>
      signLegacy({ ...base(nonce, addressOf(key)), value: 1_000_000n * ETHER }, chainId, key),
  },
  {
    key: 'nonce-too-low',
    title: 'new transaction reusing an already spent nonce',
    expected: 'rejected: nonce too low',
    reason: /nonce/i,
    build: ({ key, chainId, nonce }) =>
      nonce > 0n ? signLegacy({ ...base(nonce - 1n, addressOf(key)), gasPrice: 3n * GWEI }, chainId, key) : undefined,
  },
  {
    key: 'replay',
    title: 'replay of the transaction already included',
    expected: 'rejected: already known / nonce too low',
    reason: /nonce|known|already|replay/i,
    build: ({ included }) => included,
  },
  {
    key: 'oversized',
    title: 'transaction carrying 256 KiB of data',
    expected: 'rejected: larger than the transaction size limit (geth: 128 KiB)',
    reason: /size|large|oversized|exceed|max/i,
    build: ({ key, chainId, nonce }) =>
      signLegacy(
        { ...base(nonce, addressOf(key)), gas: 5_000_000n, data: new Uint8Array(256 * 1024).fill(1) },
        chainId,
        key,
      ),
  },
];

/**
 * Polls every node for the receipt. Once one node has it the others get `graceMs` more (a
 * networked node receives it by gossip within a few blocks), so a missing node costs seconds, not the full wait.
 */
async function waitForReceipts(
  ctx: EvmContext,
  nodes: EvmNodeTarget[],
  hash: string,
  timeoutMs: number,
  graceMs = 10_000,
): Promise<Map<string, Record<string, unknown> | undefined>> {
  const found = new Map<string, Record<string, unknown> | undefined>(nodes.map((n) => [n.id, undefined]));
  let deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !ctx.signal.aborted) {
    await Promise.all(
      nodes
        .filter((n) => !found.get(n.id))
        .map(async (n) => {
          const out = await ctx
            .rpc(n)
            .call<Record<string, unknown> | null>('eth_getTransactionReceipt', [hash])
            .catch(() => undefined);
          if (out?.ok && out.result && typeof out.result === 'object' && typeof out.result.blockHash === 'string')
            found.set(n.id, out.result);
        }),
    );
    if ([...found.values()].every(Boolean)) break;
    if ([...found.values()].some(Boolean)) deadline = Math.min(deadline, Date.now() + graceMs);
    await new Promise((r) => setTimeout(r, 200));
  }
  return found;
}

const PROCEDURE = (what: string, nodes: number) => ({
  label: 'procedure',
  value: `${what}; submitted with eth_sendRawTransaction to each of ${nodes} node(s)`,
});

export default defineCheck(
  {
    id: 'evm.active.transactions',
    title: 'Nodes reject illegal transactions and agree on a legal one (active)',
    description:
      "Executes the consensus-effectiveness and consistency procedures for real: signs and submits invalid transactions (broken or malleated signature, another chain id, nonce reuse, replay, insufficient funds, oversized) to every node and confirms each is refused with the node's own error; then submits a legal transaction and confirms every node includes it in the same block. Refuses public mainnets; a legal transaction is only sent on development nodes with a funded unlocked account.",
    targetKinds: ['evm-node'],
    results: {
      ...Object.fromEntries(ILLEGAL.map((p) => [p.key, { title: `Rejects a ${p.title}` }])),
      'legal-tx': {
        title: 'Every node includes a legal transaction in the same block',
      },
    },
    severity: 'critical',
    confidence: 'high',
    tags: ['active', 'transactions', 'consensus'],
    remediation:
      'A node accepting an illegal transaction has broken validation: upgrade or replace the client and check its transaction-pool configuration; nodes disagreeing on inclusion are not in consensus and must be investigated before use.',
    references: ['https://eips.ethereum.org/EIPS/eip-155', 'https://eips.ethereum.org/EIPS/eip-2'],
    level: 'active',
    granularity: 'chain',
    timeoutMs: 180_000,
  },
  async (ctx) => {
    const nodes = ctx.group;
    const first = nodes[0];
    const chainIdOut = await ctx.rpc(first).call('eth_chainId');
    const chainId = chainIdOut.ok ? quantity(chainIdOut.result) : undefined;
    if (chainId === undefined)
      return [
        {
          status: 'error',
          message: 'chain id unreadable; active tests need it to sign',
          evidence: [callEvidence('eth_chainId', [], chainIdOut)],
        },
      ];
    if (PUBLIC_MAINNET_CHAIN_IDS.has(chainId)) {
      return [
        {
          status: 'not-applicable',
          message: `refused: chain id ${chainId} is a public mainnet; active tests run only on test and private networks`,
          evidence: [callEvidence('eth_chainId', [], chainIdOut)],
        },
      ];
    }
    const results: CheckResult[] = [];
    const key = randomKey();
    const me = addressOf(key);
    let nonce = 0n;
    let included: SignedTx | undefined;
    const waitMs = Math.max(30_000, (first.expect.blockIntervalSeconds ?? 0) * 5_000);

    // Fund a throwaway key from a development node's unlocked account, then send a legal transaction from it.
    const { version } = await clientVersion(ctx);
    const accounts = await ctx.rpc(first).call<string[]>('eth_accounts');
    const funder =
      accounts.ok && Array.isArray(accounts.result) && typeof accounts.result[0] === 'string'
        ? accounts.result[0]
        : undefined;
    if (!funder || !version || !DEV_CLIENT.test(version)) {
      results.push({
        key: 'legal-tx',
        result: 'legal-tx',
        status: 'not-applicable',
        message:
          'no funded key available: a legal transaction is only sent from an unlocked account of a development node; the illegal transactions below come from an unfunded key',
        evidence: [
          { label: 'web3_clientVersion', value: show(version ?? 'unknown') },
          callEvidence('eth_accounts', [], accounts),
        ],
      });
    } else {
      const funding = await ctx
        .rpc(first)
        .call<string>('eth_sendTransaction', [{ from: funder, to: me, value: `0x${FUNDING.toString(16)}` }]);
      const fundingHash = funding.ok && typeof funding.result === 'string' ? funding.result : undefined;
      const fundingReceipts = fundingHash ? await waitForReceipts(ctx, [first], fundingHash, waitMs) : new Map();
      if (!fundingHash || !fundingReceipts.get(first.id)) {
        results.push({
          key: 'legal-tx',
          result: 'legal-tx',
          status: 'error',
          message: 'could not fund the test key from the development account',
          evidence: [callEvidence('eth_sendTransaction', [{ from: funder, to: me }], funding)],
        });
      } else {
        const legal = signLegacy(base(0n, me), chainId, key);
        const evidence: Evidence[] = [
          PROCEDURE(
            `funded a fresh key ${me} with 1 ETH from ${funder} on ${first.id} (tx ${fundingHash}), then signed a 0-value self-transfer ${legal.hash}`,
            nodes.length,
          ),
          { label: 'expected', value: 'every node accepts it and reports it in the same block with status 1' },
        ];
        for (const n of nodes) {
          const out = await ctx.rpc(n).call('eth_sendRawTransaction', [legal.raw]);
          evidence.push({
            label: `submitted to ${n.id}`,
            value: out.ok
              ? `accepted: ${show(out.result, 80)}`
              : `answer: ${show(out.error?.message ?? out.malformed, 160)}`,
          });
        }
        const receipts = await waitForReceipts(
          ctx,
          nodes,
          legal.hash,
          waitMs,
          Math.max(10_000, (first.expect.blockIntervalSeconds ?? 0) * 3_000),
        );
        const blocks = new Set<string>();
        for (const n of nodes) {
          const r = receipts.get(n.id);
          evidence.push({
            label: `actual on ${n.id}`,
            value: r
              ? `block ${show(r.blockNumber, 20)} ${show(r.blockHash, 70)} status ${show(r.status, 6)}`
              : `not included within ${waitMs / 1000} s`,
          });
          if (r) blocks.add(`${r.blockHash}/${r.status}`);
        }
        const missing = nodes.filter((n) => !receipts.get(n.id)).map((n) => n.id);
        const consistent = missing.length === 0 && blocks.size === 1;
        results.push({
          key: 'legal-tx',
          result: 'legal-tx',
          status: consistent ? 'pass' : 'fail',
          message: consistent
            ? `legal transaction included in the same block on all ${nodes.length} node(s)`
            : missing.length
              ? `legal transaction missing on ${missing.join(', ')}: the nodes do not share one ledger`
              : `nodes report the legal transaction in different blocks: ${[...blocks].join(' vs ')}`,
          evidence,
        });
        if (receipts.get(first.id)) {
          included = legal;
          nonce = 1n;
        }
      }
    }

    for (const probe of ILLEGAL) {
      if (ctx.signal.aborted) break;
      // A node that wrongly accepted an earlier probe may have consumed a nonce: always build on the current one.
      const pending = await ctx.rpc(first).call('eth_getTransactionCount', [me, 'pending']);
      nonce = (pending.ok ? quantity(pending.result) : undefined) ?? nonce;
      const tx = probe.build({ key, chainId, nonce, included });
      if (!tx) {
        results.push({
          key: probe.key,
          result: probe.key,
          status: 'not-applicable',
          message: `${probe.title}: needs a transaction already included from the test key (no funded account)`,
        });
        continue;
      }
      const evidence: Evidence[] = [
        PROCEDURE(`${probe.title}, tx ${tx.hash} from ${tx.from}`, nodes.length),
        { label: 'expected', value: probe.expected },
      ];
      const accepted: string[] = [];
      const otherReason: string[] = [];
      for (const n of nodes) {
        let line: string;
        try {
          const out = await ctx.rpc(n).call('eth_sendRawTransaction', [tx.raw]);
          if (out.ok) {
            accepted.push(n.id);
            line = `ACCEPTED: ${show(out.result, 80)}`;
          } else {
            const reason = out.error?.message ?? out.malformed ?? '';
            if (!probe.reason.test(reason)) otherReason.push(n.id);
            line = `rejected: ${out.error ? `${out.error.code} ` : ''}${show(reason, 200)}`;
          }
        } catch (err) {
          otherReason.push(n.id);
          line = `no answer: ${errorMessage(err)}`;
        }
        evidence.push({ label: `actual on ${n.id}`, value: line });
      }
      if (accepted.length) {
        const receipts = await waitForReceipts(
          ctx,
          nodes.filter((n) => accepted.includes(n.id)),
          tx.hash,
          3_000,
        );
        for (const [id, r] of receipts) {
          evidence.push({
            label: `inclusion on ${id}`,
            value: r
              ? `INCLUDED in block ${show(r.blockNumber, 20)} status ${show(r.status, 6)}`
              : 'not included within 3 s (held in the pool)',
          });
        }
        results.push({
          key: probe.key,
          result: probe.key,
          status: 'fail',
          message: `${probe.title} ACCEPTED by ${accepted.join(', ')}`,
          evidence,
        });
      } else if (otherReason.length) {
        results.push({
          key: probe.key,
          result: probe.key,
          status: 'warn',
          severity: 'low',
          message: `${probe.title}: rejected by every node, but ${otherReason.join(', ')} gave another reason (the rule under test was not reached)`,
          evidence,
        });
      } else {
        results.push({
          key: probe.key,
          result: probe.key,
          status: 'pass',
          message: `${probe.title}: rejected by all ${nodes.length} node(s) for the expected reason`,
          evidence,
        });
      }
    }
    return results;
  },
);
