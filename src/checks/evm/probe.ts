import type { Evidence } from '../../model.js';
import type { EvmNodeTarget } from '../../scope/schema.js';
import type { CheckContext } from '../types.js';
import { callEvidence, show } from '../node-probe.js';

export type EvmContext = CheckContext<EvmNodeTarget>;

export function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** Parses a JSON-RPC quantity ("0x1a") defensively; anything else yields undefined. */
export function quantity(value: unknown): bigint | undefined {
  if (typeof value === 'string' && /^0x[0-9a-fA-F]{1,64}$/.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  return undefined;
}

interface BlockView {
  number?: bigint;
  hash?: string;
  fields?: string;
}

/** The consensus-relevant fields of a block, canonicalised so two answers can be compared byte for byte. */
export async function blockAt(
  ctx: EvmContext,
  targetIndex: number,
  tag: string,
): Promise<BlockView & { evidence: Evidence }> {
  const t = ctx.group[targetIndex];
  const out = await ctx.rpc(t).call<Record<string, unknown> | null>('eth_getBlockByNumber', [tag, false]);
  const b = out.ok && out.result && typeof out.result === 'object' ? out.result : undefined;
  const pick = b
    ? ['number', 'hash', 'parentHash', 'stateRoot', 'transactionsRoot', 'receiptsRoot', 'timestamp']
        .map((k) => `${k}=${typeof b[k] === 'string' ? b[k] : show(b[k], 80)}`)
        .join(' ')
    : undefined;
  return {
    number: b ? quantity(b.number) : undefined,
    hash: b && typeof b.hash === 'string' ? b.hash.toLowerCase() : undefined,
    fields: pick,
    evidence: {
      label: `${t.id} eth_getBlockByNumber(${tag})`,
      value: b
        ? `#${quantity(b.number) ?? '?'} ${show(b.hash, 70)}`
        : callEvidence('eth_getBlockByNumber', [tag], out).value,
    },
  };
}
