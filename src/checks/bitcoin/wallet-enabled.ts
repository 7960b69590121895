import { defineCheck } from '../types.js';
import { callEvidence, exposureOf, sharedCall, unusable, methodAnswer } from '../node-probe.js';

export default defineCheck(
  {
    id: 'bitcoin.wallet.enabled',
    title: 'Wallet enabled on a network-facing node',
    description:
      'A node that serves the network or applications should not hold keys: with the wallet compiled in and loaded, whoever obtains RPC credentials can send the funds, dump keys (dumpprivkey, dumpwallet) or sign arbitrary messages.',
    targetKinds: ['bitcoin-node'],
    severity: 'high',
    confidence: 'high',
    tags: ['wallet', 'keys'],
    remediation:
      'Run service nodes with -disablewallet and keep keys in a separate signer (offline wallet, HSM, PSBT workflow).',
    references: ['https://github.com/bitcoin/bitcoin/blob/master/doc/managing-wallets.md'],
    level: 'passive',
  },
  async (ctx) => {
    const out = await sharedCall<string[]>(ctx, 'listwallets');
    if (methodAnswer(out) === 'absent')
      return [
        {
          status: 'pass',
          message: 'the wallet component is disabled (listwallets: method not found)',
          evidence: [callEvidence('listwallets', [], out)],
        },
      ];
    if (!out.ok || !Array.isArray(out.result)) return [unusable('listwallets', out)];
    const wallets = out.result.filter((w) => typeof w === 'string').slice(0, 50);
    const facing = exposureOf(ctx.target) !== 'loopback';
    const evidence = [callEvidence('listwallets', [], out)];
    if (wallets.length === 0) {
      return [
        {
          status: 'warn',
          severity: 'low',
          message:
            'the wallet component is enabled but no wallet is loaded; createwallet/loadwallet remain one RPC call away',
          evidence,
        },
      ];
    }
    const info = await sharedCall<Record<string, unknown>>(ctx, 'getwalletinfo');
    if (info.ok) evidence.push(callEvidence('getwalletinfo', [], info, 200));
    return [
      {
        status: facing ? 'fail' : 'warn',
        severity: facing ? 'high' : 'medium',
        message: `${wallets.length} wallet(s) loaded (${wallets.map((w) => JSON.stringify(w.slice(0, 40))).join(', ')}) on a ${facing ? 'network-facing' : 'loopback'} node`,
        evidence,
      },
    ];
  },
);
