import type { RpcOutcome } from '../../clients/rpc.js';
import type { BitcoinNodeTarget } from '../../scope/schema.js';
import type { CheckResult } from '../types.js';
import { asBlockchainInfo, isObject, type BitcoinContext } from './support.js';
import { outcomeText, show, tryCall } from '../node-probe.js';
import { newKey, type KeyPair, type OutPoint } from '../../analyzers/ledger/bitcoin/p2pkh.js';

/**
 * Shared machinery of the active consensus procedures: one lock per chain so they never overlap,
 * the mainnet refusal, funding on regtest, and "send to every node" with each node's own answer.
 */

const OP_TRUE_DESCRIPTOR = 'raw(51)#8lvh9jxk';
const COINBASE_MATURITY = 100;
export const FUNDED_OUTPUTS = 6;

class Lock {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

export function chainKey(ctx: BitcoinContext): string {
  return ctx.target.chain ?? ctx.target.id;
}

/** Runs an active procedure with the chain's lock held: procedures that mine, spend or stop nodes never interleave. */
export async function withChainLock<T>(ctx: BitcoinContext, fn: () => Promise<T>): Promise<T> {
  const lock = await ctx.memo(`btc-active-lock:${chainKey(ctx)}`, async () => new Lock());
  return lock.run(fn);
}

export interface GroupState {
  chains: { target: BitcoinNodeTarget; chain?: string; height?: number; problem?: string }[];
}

/**
 * Reads every node's chain. Active procedures refuse to run when any node is on a public
 * mainnet, or when a node cannot be read (the procedure needs all of them).
 */
export async function refuseUnsafe(ctx: BitcoinContext): Promise<{ refusal?: CheckResult; chain?: string }> {
  const states = await Promise.all(
    ctx.group.map(async (target) => {
      const { out, failure } = await tryCall(ctx.rpc(target), 'getblockchaininfo');
      const info = out?.ok ? asBlockchainInfo(out.result) : undefined;
      return {
        target,
        chain: info?.chain,
        problem: info ? undefined : (failure ?? (out ? outcomeText(out, 120) : 'no answer')),
      };
    }),
  );
  const evidence = states.map((s) => ({
    label: `${s.target.id} getblockchaininfo.chain`,
    value: s.chain ? show(s.chain, 20) : `unreadable: ${s.problem}`,
  }));
  if (states.some((s) => s.chain === 'main')) {
    return {
      refusal: {
        status: 'not-applicable',
        message: 'refused: a node of this chain is on mainnet; active procedures only run on test networks',
        evidence,
        key: 'refused',
      },
    };
  }
  const broken = states.filter((s) => !s.chain);
  if (broken.length) {
    return {
      refusal: {
        status: 'error',
        message: `cannot run the procedure: ${broken.map((s) => s.target.id).join(', ')} cannot be read`,
        evidence,
        key: 'precondition',
      },
    };
  }
  const chains = new Set(states.map((s) => s.chain));
  if (chains.size > 1) {
    return {
      refusal: {
        status: 'error',
        message: `the nodes grouped as one chain report different chains (${[...chains].join(', ')})`,
        evidence,
        key: 'precondition',
      },
    };
  }
  return { chain: states[0].chain };
}

export interface Coin extends OutPoint {
  value: bigint;
}

export interface Funding {
  key: KeyPair;
  mature: Coin[];
  immature: Coin;
  minedOn: string;
  evidence: string;
}

export function toSatoshi(amount: unknown): bigint {
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0)
    throw new Error(`not an amount: ${show(amount, 40)}`);
  return BigInt(Math.round(amount * 1e8));
}

async function must<T>(
  ctx: BitcoinContext,
  target: BitcoinNodeTarget,
  method: string,
  params: unknown[] = [],
): Promise<T> {
  return ctx.rpc(target).result<T>(method, params);
}

async function coinbaseOf(ctx: BitcoinContext, target: BitcoinNodeTarget, blockHash: string): Promise<Coin> {
  const block = await must<Record<string, unknown>>(ctx, target, 'getblock', [blockHash, 2]);
  const tx = Array.isArray(block.tx) && isObject(block.tx[0]) ? block.tx[0] : undefined;
  const vout = tx && Array.isArray(tx.vout) && isObject(tx.vout[0]) ? tx.vout[0] : undefined;
  if (!tx || typeof tx.txid !== 'string' || !vout) throw new Error(`block ${blockHash} has no readable coinbase`);
  return { txid: tx.txid, vout: 0, value: toSatoshi(vout.value) };
}

/**
 * On regtest: mines coinbases to a fresh key of the audit on the first node, matures them with
 * 100 more blocks to the anyone-can-spend script, then mines one more coinbase that stays
 * immature. The coins exist only on this test chain.
 */
export function fund(ctx: BitcoinContext, chain: string): Promise<Funding | string> {
  return ctx.memo(`btc-active-funding:${chainKey(ctx)}`, async () => {
    if (chain !== 'regtest')
      return `the chain is "${chain}", not regtest: the audit cannot mine test coins, so funded cases are not run`;
    const miner = ctx.group[0];
    const key = newKey();
    const info = await must<{ descriptor: string }>(ctx, miner, 'getdescriptorinfo', [
      `raw(${key.script.toString('hex')})`,
    ]);
    const own = info.descriptor;
    const funded = await must<string[]>(ctx, miner, 'generatetodescriptor', [FUNDED_OUTPUTS, own]);
    await must(ctx, miner, 'generatetodescriptor', [COINBASE_MATURITY, OP_TRUE_DESCRIPTOR]);
    const [young] = await must<string[]>(ctx, miner, 'generatetodescriptor', [1, own]);
    const mature = await Promise.all(funded.map((h) => coinbaseOf(ctx, miner, h)));
    const immature = await coinbaseOf(ctx, miner, young);
    await waitForSameTip(ctx, 60_000);
    return {
      key,
      mature,
      immature,
      minedOn: miner.id,
      evidence: `mined ${FUNDED_OUTPUTS} coinbases to a fresh P2PKH key of the audit on ${miner.id}, matured them with ${COINBASE_MATURITY} blocks, then 1 immature coinbase (${immature.txid.slice(0, 16)}…)`,
    };
  });
}

/** Hands out each funded coin once per run, whichever procedure asks. */
export function takeCoin(funding: Funding): Coin | undefined {
  return funding.mature.shift();
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

export async function waitUntil(
  ctx: BitcoinContext,
  cond: () => Promise<boolean>,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !ctx.signal.aborted) {
    try {
      if (await cond()) return true;
    } catch {
      // a node may be briefly unavailable; keep polling until the deadline
    }
    await sleep(250, ctx.signal);
  }
  return false;
}

export async function tips(
  ctx: BitcoinContext,
  targets: BitcoinNodeTarget[] = ctx.group,
): Promise<(string | undefined)[]> {
  return Promise.all(
    targets.map(async (t) => {
      const { out } = await tryCall<string>(ctx.rpc(t), 'getbestblockhash');
      return out?.ok && typeof out.result === 'string' ? out.result : undefined;
    }),
  );
}

export function waitForSameTip(
  ctx: BitcoinContext,
  timeoutMs: number,
  targets: BitcoinNodeTarget[] = ctx.group,
): Promise<boolean> {
  return waitUntil(
    ctx,
    async () => {
      const t = await tips(ctx, targets);
      return t.every((h) => h !== undefined && h === t[0]);
    },
    timeoutMs,
  );
}

export interface NodeAnswer {
  target: BitcoinNodeTarget;
  out?: RpcOutcome<string>;
  failure?: string;
}

/** Submits one raw transaction to every node of the group and keeps each node's own answer. */
export function submitToAll(
  ctx: BitcoinContext,
  hex: string,
  targets: BitcoinNodeTarget[] = ctx.group,
): Promise<NodeAnswer[]> {
  return Promise.all(
    targets.map(async (target) => ({
      target,
      ...(await tryCall<string>(ctx.rpc(target), 'sendrawtransaction', [hex])),
    })),
  );
}

export function answerText(a: NodeAnswer): string {
  if (!a.out) return `no answer: ${a.failure}`;
  if (a.out.ok) return `accepted, txid ${show(a.out.result, 64)}`;
  if (a.out.error) return `rejected ${a.out.error.code}: ${show(a.out.error.message, 160)}`;
  return outcomeText(a.out, 160);
}

export async function inMempool(ctx: BitcoinContext, target: BitcoinNodeTarget, id: string): Promise<boolean> {
  const pool = await ctx.rpc(target).result<string[]>('getrawmempool');
  return Array.isArray(pool) && pool.includes(id);
}
