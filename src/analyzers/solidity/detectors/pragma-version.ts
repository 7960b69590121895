import { defineDetector, type Report } from '../detector.js';
import { compareVersion, v } from '../parse.js';

const OLDEST_ACCEPTED = v('0.5.0');

export default defineDetector(
  {
    id: 'pragma-version',
    title: 'Floating or outdated compiler pragma',
    swc: 'SWC-103',
    category: 'other',
    impact: 'informational',
    confidence: 'high',
    description:
      'A floating pragma lets the contract be deployed with a compiler other than the one it was tested with; compilers before 0.5.0 lack checks later versions enforce (call-data length, storage pointers, visibility).',
    exploitScenario: 'The contract is deployed with an untested, buggy compiler release that the caret range admits.',
    recommendation: 'Pin a recent compiler version (pragma solidity 0.8.x;).',
    placement: 'The pragma.',
  },
  (model) => {
    const out: Report[] = [];
    for (const p of model.parsed.pragmas) {
      const outdated = p.lowest && compareVersion(p.lowest, OLDEST_ACCEPTED) < 0;
      if (!p.floating && !outdated) continue;
      const why = [p.floating ? 'floats' : '', outdated ? 'admits compilers older than 0.5.0' : '']
        .filter(Boolean)
        .join(' and ');
      out.push({ node: p.node, message: `pragma solidity ${p.value} ${why}` });
    }
    return out;
  },
);
