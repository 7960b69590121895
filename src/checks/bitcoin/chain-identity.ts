import type { CheckResult } from '../types.js';
import { defineCheck } from '../types.js';
import { asBlockchainInfo } from './support.js';
import { callEvidence, sharedCall, show, unusable } from '../node-probe.js';

/** Genesis block hashes of well-known networks (from each client's chainparams.cpp). */
export const KNOWN_GENESIS: Record<string, string> = {
  '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f': 'Bitcoin mainnet',
  '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206': 'Bitcoin regtest',
  '12a765e31ffd4059bada1e25190f6e98c99d9714d334efa41a195a7e7e04bfe2': 'Litecoin mainnet',
  '530827f38f93b43ed12af0b3ad25a288dc02ed74d6d7857862df51fc56c416f9': 'Litecoin regtest',
};

export default defineCheck(
  {
    id: 'bitcoin.chain.identity',
    title: 'Node is on the expected chain (alien-chain check)',
    description:
      'An "alien" node runs another chain with compatible messages (a fork, a test network, a copy with the same magic bytes); mixed into a network it pollutes address books and serves wrong data. The chain name and genesis hash identify the chain a node really follows.',
    targetKinds: ['bitcoin-node'],
    severity: 'high',
    confidence: 'high',
    tags: ['p2p', 'identity'],
    remediation:
      'Point the application at nodes of the intended network; give each consortium chain its own magic bytes, ports and genesis; drop peers of other chains.',
    references: ['https://github.com/bitcoin/bitcoin/blob/master/src/kernel/chainparams.cpp'],
    level: 'passive',
  },
  async (ctx) => {
    const infoOut = await sharedCall(ctx, 'getblockchaininfo');
    const info = infoOut.ok ? asBlockchainInfo(infoOut.result) : undefined;
    if (!info) return [unusable('getblockchaininfo', infoOut)];
    const genesisOut = await sharedCall<string>(ctx, 'getblockhash', [0]);
    if (!genesisOut.ok || typeof genesisOut.result !== 'string') return [unusable('getblockhash', genesisOut)];
    const genesis = show(genesisOut.result, 64).toLowerCase();
    const known = KNOWN_GENESIS[genesis];
    const evidence = [
      { label: 'getblockchaininfo.chain', value: show(info.chain, 20) },
      { ...callEvidence('getblockhash', [0], genesisOut, 80) },
      ...(known ? [{ label: 'genesis known as', value: known }] : []),
    ];
    const exp = ctx.target.expect;
    const problems: string[] = [];
    if (exp.chain !== undefined && exp.chain !== info.chain)
      problems.push(`chain "${show(info.chain, 20)}" instead of "${exp.chain}"`);
    if (exp.genesisHash !== undefined && exp.genesisHash.toLowerCase() !== genesis)
      problems.push(`genesis ${genesis} instead of ${exp.genesisHash.toLowerCase()}`);
    const result: CheckResult = problems.length
      ? {
          status: 'fail',
          message: `the node follows another chain than the scope expects: ${problems.join('; ')}`,
          evidence,
        }
      : exp.chain === undefined && exp.genesisHash === undefined
        ? {
            status: 'warn',
            severity: 'low',
            message: `no expected chain or genesis in the scope; the node reports "${show(info.chain, 20)}" with genesis ${genesis.slice(0, 16)}…${known ? ` (${known})` : ''}`,
            evidence,
          }
        : {
            status: 'pass',
            message: `the node is on the expected chain ("${show(info.chain, 20)}", genesis ${genesis.slice(0, 16)}…${known ? `, ${known}` : ''})`,
            evidence,
          };
    return [result];
  },
);
