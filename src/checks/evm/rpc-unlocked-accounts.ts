import { maskSecret } from '../../mask.js';
import type { Evidence } from '../../model.js';
import { defineCheck } from '../types.js';
import { type EvmContext } from './probe.js';
import { callEvidence, methodAnswer, sharedCall, show } from '../node-probe.js';

/** Hex of a fixed, self-describing text: a signature over it authorises nothing. */
const PROBE_MESSAGE = `0x${Buffer.from('chainaudit signing probe - authorises nothing', 'utf8').toString('hex')}`;
/** A nonce no account will ever reach, so a signed probe transaction can never be included. */
const UNREACHABLE_NONCE = '0xfffffffffffffffe';
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/**
 * The node's accounts: a list of addresses, none (eth_accounts empty or not offered), or
 * `unreadable` with the reason when the answer is refused, not JSON-RPC or not a list of addresses.
 */
async function nodeAccounts(ctx: EvmContext): Promise<{ accounts: string[]; unreadable?: string; evidence: Evidence }> {
  const out = await sharedCall<unknown>(ctx, 'eth_accounts');
  const evidence = callEvidence('eth_accounts', [], out);
  const answer = methodAnswer(out);
  if (answer === 'absent') return { accounts: [], evidence };
  if (!out.ok) return { accounts: [], unreadable: `eth_accounts gave no usable answer (${answer})`, evidence };
  if (!Array.isArray(out.result) || !out.result.every((a) => typeof a === 'string' && ADDRESS.test(a)))
    return { accounts: [], unreadable: 'eth_accounts answered something that is not a list of addresses', evidence };
  return { accounts: out.result as string[], evidence };
}

function signed(result: unknown): string | undefined {
  if (typeof result === 'string' && /^0x[0-9a-fA-F]{130}$/.test(result)) return result;
  if (result && typeof result === 'object' && typeof (result as { raw?: unknown }).raw === 'string')
    return (result as { raw: string }).raw;
  return undefined;
}

export default defineCheck(
  {
    id: 'evm.rpc.unlocked-accounts',
    title: 'Node signs for unlocked accounts over RPC',
    description:
      'A node that holds keys and signs on request lets any RPC caller move its funds: exposed geth nodes with unlocked accounts were drained in 2018 within minutes of an unlock. Keys belong in a separate signer, never behind an open RPC.',
    targetKinds: ['evm-node'],
    severity: 'critical',
    confidence: 'high',
    tags: ['rpc', 'keys', 'accounts'],
    remediation:
      'Remove keys from the node (no --unlock, no dev accounts: anvil --accounts 0, ganache --wallet.totalAccounts 0); sign in an external signer (Clef, HSM) and expose only read methods.',
    references: [
      'https://geth.ethereum.org/docs/fundamentals/security',
      'https://blog.ethereum.org/2015/08/29/security-alert-insecurely-configured-geth-can-make-funds-remotely-accessible',
    ],
    level: 'passive',
  },
  async (ctx) => {
    const { accounts, unreadable, evidence: accountsEvidence } = await nodeAccounts(ctx);
    const evidence: Evidence[] = [accountsEvidence];
    if (unreadable)
      return [
        {
          status: 'error',
          message: `${unreadable}: whether the node holds keys cannot be told`,
          evidence,
        },
      ];
    if (accounts.length === 0) {
      return [{ status: 'pass', message: 'the node lists no accounts (eth_accounts empty or not offered)', evidence }];
    }
    const from = accounts[0];
    const rpc = ctx.rpc(ctx.target);
    const attempts: [string, unknown[]][] = [
      ['eth_sign', [from, PROBE_MESSAGE]],
      ['personal_sign', [PROBE_MESSAGE, from, '']],
      [
        'eth_signTransaction',
        [{ from, to: from, value: '0x0', gas: '0x5208', gasPrice: '0x1', nonce: UNREACHABLE_NONCE }],
      ],
    ];
    const unclear: string[] = [];
    for (const [method, params] of attempts) {
      const out = await rpc.call(method, params);
      const signature = out.ok ? signed(out.result) : undefined;
      if (signature) {
        evidence.push({ label: `${method}(${show(params, 160)})`, value: `signed: ${maskSecret(signature)}` });
        return [
          {
            status: 'fail',
            message: `${accounts.length} account(s) listed and ${method} signed for ${from} without any unlock: any RPC caller can sign as this account`,
            evidence,
          },
        ];
      }
      evidence.push(callEvidence(method, params, out));
      const answer = methodAnswer(out);
      if (answer === 'refused' || answer === 'unusable' || out.ok)
        unclear.push(`${method} (${out.ok ? 'no signature in the result' : answer})`);
    }
    if (unclear.length)
      return [
        {
          status: 'error',
          message: `${accounts.length} account(s) listed, but whether the node signs for them cannot be told: ${unclear.join(', ')}`,
          evidence,
        },
      ];
    return [
      {
        status: 'warn',
        severity: 'medium',
        message: `${accounts.length} account(s) listed but every signing method refused to sign: keys are on the node, locked for now (an unlock would expose them)`,
        evidence,
      },
    ];
  },
);
