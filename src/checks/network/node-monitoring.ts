import { tryCall } from '../node-probe.js';
import { defineCheck } from '../types.js';

export const SAMPLES = 4;
export const SAMPLE_INTERVAL_MS = 750;

export default defineCheck(
  {
    id: 'network.node-monitoring',
    title: "Dynamic monitoring of the chain's nodes over a short window",
    description:
      'Samples every node of the chain several times over a few seconds: is it answering, how many peers does it have. Nodes that go away, come back or lose their peers during the window are reported, which is the "network node dynamic monitoring" the evaluation asks for.',
    targetKinds: ['bitcoin-node'],
    severity: 'medium',
    confidence: 'medium',
    tags: ['multi-node', 'monitoring'],
    remediation:
      'Feed these readings (reachability, peer count per node) into continuous monitoring with alerts; investigate any node that drops out or loses its peers.',
    references: [
      'Research on blockchain evaluation methods under the classified protection of cybersecurity (Chinese Journal of Engineering, 2020), Table 3 (network node dynamic monitoring)',
    ],
    level: 'passive',
    granularity: 'chain',
    timeoutMs: 60_000,
  },
  async (ctx) => {
    const series = new Map(ctx.group.map((t) => [t.id, [] as (number | undefined)[]]));
    for (let i = 0; i < SAMPLES && !ctx.signal.aborted; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, SAMPLE_INTERVAL_MS));
      await Promise.all(
        ctx.group.map(async (t) => {
          const { out } = await tryCall<number>(ctx.rpc(t), 'getconnectioncount');
          series.get(t.id)!.push(out?.ok && typeof out.result === 'number' ? out.result : undefined);
        }),
      );
    }
    const evidence = [...series].map(([id, s]) => ({
      label: `${id} peers per sample`,
      value: s.map((x) => (x === undefined ? 'down' : String(x))).join(' → '),
    }));
    evidence.push({ label: 'window', value: `${SAMPLES} samples, ${SAMPLE_INTERVAL_MS} ms apart` });
    const down = [...series].filter(([, s]) => s.every((x) => x === undefined)).map(([id]) => id);
    const flapping = [...series]
      .filter(([, s]) => s.some((x) => x === undefined) && s.some((x) => x !== undefined))
      .map(([id]) => id);
    const isolated = [...series].filter(([, s]) => s.some((x) => x === 0)).map(([id]) => id);
    const changed = [...series].filter(([, s]) => new Set(s.filter((x) => x !== undefined)).size > 1).map(([id]) => id);
    const problems = [
      ...(down.length ? [`down for the whole window: ${down.join(', ')}`] : []),
      ...(flapping.length ? [`went down or came back during the window: ${flapping.join(', ')}`] : []),
      ...(isolated.length ? [`without peers: ${isolated.join(', ')}`] : []),
    ];
    if (problems.length)
      return [{ status: 'fail', message: `node changes detected: ${problems.join('; ')}`, evidence }];
    return [
      {
        status: 'pass',
        message: `all ${ctx.group.length} node(s) answered in every sample with peers${changed.length ? `; peer counts changed on ${changed.join(', ')}` : ', peer counts steady'}`,
        evidence,
      },
    ];
  },
);
