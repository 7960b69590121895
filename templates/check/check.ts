// The template a new check starts from: `npm run new-check -- <domain>.<name>` copies it into
// src/checks/<domain>/<name>.ts, registers it and copies its test. It is typechecked and its test runs
// with the suite, so it never rots; it is not registered itself.
import { callEvidence, outcomeText } from '../../src/checks/node-probe.js';
import { defineCheck } from '../../src/checks/types.js';

export default defineCheck(
  {
    // The file name follows the id: `example.node.chain-id` lives in src/checks/example/node-chain-id.ts.
    id: 'example.node.chain-id',
    title: 'Node serves the chain id the scope expects',
    description:
      'Why it matters, in two sentences an auditor can quote: a node answering for another chain signs and relays for the wrong network, and every other verdict about it is about the wrong chain.',
    targetKinds: ['evm-node'],
    severity: 'high',
    confidence: 'high',
    tags: ['chain', 'identity'],
    remediation: 'Point the scope at the right node, or fix the node’s --networkid / genesis.',
    references: ['https://eips.ethereum.org/EIPS/eip-695'],
    level: 'passive',
    // Every kind of result the check returns, declared; frameworks may count one of them alone
    // (`checks: [example.node.chain-id#chain-id]`) and SARIF gets a rule per sub-result.
    results: {
      'chain-id': { title: 'eth_chainId equals the scope’s expect.chainId' },
    },
  },
  async (ctx) => {
    const expected = ctx.target.expect.chainId;
    if (expected === undefined)
      return [
        { status: 'not-applicable', result: 'chain-id', message: 'the scope sets no expect.chainId for this node' },
      ];
    const out = await ctx.rpc(ctx.target).call('eth_chainId');
    // Evidence says what was sent and what came back; never a secret in full (src/mask.ts).
    const evidence = [callEvidence('eth_chainId', [], out)];
    let seen: bigint | undefined;
    try {
      seen = out.ok && typeof out.result === 'string' ? BigInt(out.result) : undefined;
    } catch {
      seen = undefined;
    }
    // Fail closed: an answer the check cannot read is an error with the reason, never a pass.
    if (seen === undefined)
      return [{ status: 'error', result: 'chain-id', message: `no usable eth_chainId: ${outcomeText(out)}`, evidence }];
    return [
      seen === BigInt(expected)
        ? { status: 'pass', result: 'chain-id', message: `the node serves chain id ${seen}`, evidence }
        : {
            status: 'fail',
            result: 'chain-id',
            message: `the node serves chain id ${seen}, not ${expected}`,
            evidence,
          },
    ];
  },
);
