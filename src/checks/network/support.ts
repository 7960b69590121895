import type { BitcoinNodeTarget } from '../../scope/schema.js';
import { asBlockchainInfo, type BitcoinContext } from '../bitcoin/support.js';
import { show, tryCall } from '../node-probe.js';
import type { CheckResult } from '../types.js';

/** Reads of one node used by the multi-node checks; a node that cannot be read carries the reason. */
export interface NodeView {
  target: BitcoinNodeTarget;
  height?: number;
  best?: string;
  chain?: string;
  problem?: string;
}

export const DEFAULT_TOLERANCE_BLOCKS = 2;

export async function readView(ctx: BitcoinContext, target: BitcoinNodeTarget): Promise<NodeView> {
  const { out, failure } = await tryCall(ctx.rpc(target), 'getblockchaininfo');
  const info = out?.ok ? asBlockchainInfo(out.result) : undefined;
  if (!info) {
    const why =
      failure ??
      (out?.error
        ? `${out.error.code} ${out.error.message}`
        : out
          ? (out.malformed ?? `HTTP ${out.http.status}`)
          : 'no answer');
    return { target, problem: show(why, 160) };
  }
  return { target, height: info.blocks, best: info.bestblockhash, chain: info.chain };
}

/** One snapshot of every node per run, shared by the checks that compare heads. */
export function snapshot(ctx: BitcoinContext): Promise<NodeView[]> {
  return ctx.memo(`net:${ctx.target.chain ?? ctx.target.id}:snapshot`, () =>
    Promise.all(ctx.group.map((t) => readView(ctx, t))),
  );
}

export function toleranceOf(ctx: BitcoinContext): number {
  return ctx.group.map((t) => t.expect.maxLagBlocks).find((v) => v !== undefined) ?? DEFAULT_TOLERANCE_BLOCKS;
}

export function viewText(v: NodeView): string {
  return v.problem ? `unreachable: ${v.problem}` : `height ${v.height}, best ${v.best?.slice(0, 16)}…`;
}

export function single(ctx: BitcoinContext): CheckResult[] | undefined {
  if (ctx.group.length >= 2) return undefined;
  return [
    {
      status: 'not-applicable',
      message: `only one node of chain "${ctx.target.chain ?? ctx.target.id}" is in scope; list several nodes with the same chain: to compare them`,
    },
  ];
}

export async function blockHashAt(
  ctx: BitcoinContext,
  target: BitcoinNodeTarget,
  height: number,
): Promise<string | undefined> {
  const { out } = await tryCall<string>(ctx.rpc(target), 'getblockhash', [height]);
  return out?.ok && typeof out.result === 'string' ? show(out.result, 64) : undefined;
}
