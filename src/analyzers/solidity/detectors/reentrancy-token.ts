import { T_USER, taintOf } from '../model.js';
import { defineDetector, type Report } from '../detector.js';
import { callsThenWrites, functions, names } from './shared.js';

const HOOKED =
  /^(safeTransferFrom|safeTransfer|safeMint|_safeMint|safeBatchTransferFrom|send|operatorSend|transferAndCall|onERC721Received|onERC1155Received|tokensReceived|tokensToSend|onTokenTransfer|receiveApproval)$/;

export default defineDetector(
  {
    id: 'reentrancy-token',
    title: 'Reentrancy through a call without ETH (token hooks, untrusted contracts)',
    swc: 'SWC-107',
    category: 'reentrancy',
    impact: 'high',
    confidence: 'medium',
    description:
      'A function calls an untrusted contract, or a token transfer that invokes a receiver hook (ERC721/ERC777/ERC1155), and updates state only afterwards.',
    exploitScenario:
      'The receiver hook re-enters the function (or another one) while the state still shows the old values, minting or withdrawing twice.',
    recommendation:
      'Apply checks-effects-interactions to token transfers as well, or guard the functions with a reentrancy lock.',
    placement:
      'The external call through which the callee can re-enter (inside the helper, when a helper of the contract makes it); related: the state writes after it.',
  },
  (model) => {
    const out: Report[] = [];
    for (const f of functions(model)) {
      if (!f.isPublic || f.isView || f.lockGuarded) continue;
      for (const hit of callsThenWrites(f, model)) {
        const { site } = hit;
        if (site.sendsEth || hit.holder.lockGuarded) continue;
        const member = site.shape.member ?? '';
        const untrusted = !!site.target && (taintOf(site.target, hit.holder) & T_USER) !== 0;
        if (!(
          HOOKED.test(member) ||
          (untrusted && (site.kind === 'contract' || (site.kind === 'low-level' && member === 'call')))
        ))
          continue;
        out.push({
          node: site.shape.call,
          fn: f,
          message: `${f.contract.name}.${f.name} calls ${member}() on ${untrusted ? 'a caller-chosen contract' : 'a token with receiver hooks'} and writes ${names(hit.writes)} afterwards`,
        });
      }
    }
    return out;
  },
);
