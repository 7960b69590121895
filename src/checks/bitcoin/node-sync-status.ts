import { defineCheck } from '../types.js';
import { asBlockchainInfo } from './support.js';
import { callEvidence, sharedCall, unusable } from '../node-probe.js';

const MAX_HEADER_GAP = 6;

export default defineCheck(
  {
    id: 'bitcoin.node.sync-status',
    title: 'Node is synchronised with the chain',
    description:
      'A node still in initial block download, or whose validated blocks trail the headers it knows, serves stale balances and confirmations and is not a real-time replica of the ledger.',
    targetKinds: ['bitcoin-node'],
    severity: 'medium',
    confidence: 'high',
    tags: ['sync'],
    remediation:
      'Give the node peers and resources to catch up; keep applications off a node until initialblockdownload is false and blocks equals headers.',
    references: ['https://developer.bitcoin.org/reference/rpc/getblockchaininfo.html'],
    level: 'passive',
  },
  async (ctx) => {
    const out = await sharedCall(ctx, 'getblockchaininfo');
    const info = out.ok ? asBlockchainInfo(out.result) : undefined;
    if (!info) return [unusable('getblockchaininfo', out)];
    const evidence = [callEvidence('getblockchaininfo', [], out, 260)];
    const gap = (typeof info.headers === 'number' ? info.headers : info.blocks) - info.blocks;
    if (gap > MAX_HEADER_GAP)
      return [
        {
          status: 'fail',
          message: `the node knows ${gap} block headers it has not validated yet (blocks ${info.blocks}, headers ${info.headers})`,
          evidence,
        },
      ];
    if (info.initialblockdownload) {
      return [
        {
          status: 'warn',
          message: `the node reports initial block download (progress ${Number(info.verificationprogress).toFixed(4)}): its tip is older than the client's maximum tip age`,
          evidence,
        },
      ];
    }
    return [
      {
        status: 'pass',
        message: `synchronised: ${info.blocks} blocks validated of ${info.headers} headers, not in initial download`,
        evidence,
      },
    ];
  },
);
