import { defineCheck } from '../types.js';
import { blockAt, quantity } from './probe.js';
import { outcomeText, show } from '../node-probe.js';

export default defineCheck(
  {
    id: 'evm.chain.idempotence',
    title: 'Same query, same answer: twice and on every node',
    description:
      'Reads the same settled block and the same balance at that block twice from every node; a ledger query must return identical data each time and everywhere (ledger idempotence).',
    targetKinds: ['evm-node'],
    severity: 'high',
    confidence: 'high',
    tags: ['multi-node', 'ledger', 'idempotence'],
    remediation:
      'A node answering differently for settled data is faulty or behind a misbehaving proxy/cache: take it out of service and investigate.',
    references: [],
    level: 'passive',
    granularity: 'chain',
  },
  async (ctx) => {
    const heads = await Promise.all(ctx.group.map((_, i) => blockAt(ctx, i, 'latest')));
    const numbers = heads.map((h) => h.number).filter((n): n is bigint => n !== undefined);
    if (numbers.length === 0) return [{ status: 'error', message: 'no node returned a head block' }];
    const min = numbers.reduce((a, b) => (a < b ? a : b));
    const settled = `0x${(min > 0n ? min - 1n : 0n).toString(16)}`;
    const answers: { node: string; round: number; text: string }[] = [];
    const unread: string[] = [];
    for (let round = 1; round <= 2; round++) {
      await Promise.all(
        ctx.group.map(async (t, i) => {
          const b = await blockAt(ctx, i, settled);
          const bal = await ctx.rpc(t).call('eth_getBalance', ['0x0000000000000000000000000000000000000000', settled]);
          const balance = bal.ok ? quantity(bal.result) : undefined;
          if (!b.fields || balance === undefined) {
            unread.push(`${t.id}#${round}: ${!b.fields ? b.evidence.value : outcomeText(bal, 120)}`);
            return;
          }
          answers.push({ node: t.id, round, text: `${b.fields} balance(0x0)=${balance}` });
        }),
      );
    }
    if (unread.length)
      return [
        {
          status: 'error',
          message: `no usable answer from ${unread.length} of ${ctx.group.length * 2} queries on settled block ${settled}: whether answers repeat cannot be told`,
          evidence: unread.map((u) => ({ label: 'unusable answer', value: show(u, 300) })),
        },
      ];
    const distinct = new Map<string, string[]>();
    for (const a of answers) distinct.set(a.text, [...(distinct.get(a.text) ?? []), `${a.node}#${a.round}`]);
    const evidence = [
      {
        label: 'query',
        value: `eth_getBlockByNumber(${settled}) and eth_getBalance(0x0…0, ${settled}), twice on each of ${ctx.group.length} node(s)`,
      },
      ...[...distinct].map(([text, who]) => ({ label: who.join(', '), value: show(text, 600) })),
    ];
    if (distinct.size === 1) return [{ status: 'pass', message: `${answers.length} answers identical`, evidence }];
    return [
      {
        status: 'fail',
        message: `${distinct.size} different answers to the same query on settled block ${settled}`,
        evidence,
      },
    ];
  },
);
