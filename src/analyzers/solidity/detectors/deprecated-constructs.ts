import { defineDetector, type Report } from '../detector.js';
import { callShape, isMember } from '../syntax.js';
import type { Node } from '../types.js';
import { walk } from '../walk.js';

export default defineDetector(
  {
    id: 'deprecated-constructs',
    title: 'Deprecated Solidity construct',
    swc: 'SWC-111',
    category: 'other',
    impact: 'informational',
    confidence: 'high',
    description:
      'suicide, sha3, throw, callcode, block.blockhash, msg.gas, constant functions, var and years were deprecated and later removed; they mark old code and some behave unexpectedly.',
    exploitScenario:
      "callcode keeps the caller's msg.sender semantics differently from delegatecall, and var infers uint8 for small literals, so a loop counter overflows and the loop never ends.",
    recommendation: 'Use selfdestruct, keccak256, revert(), delegatecall, blockhash, gasleft(), view, explicit types.',
    placement: 'The construct.',
  },
  (model) => {
    const out: Report[] = [];
    const add = (n: Node, what: string, instead: string) =>
      out.push({ node: n, fn: model.functionOf(n), message: `${what} is deprecated; use ${instead}` });
    walk(
      model.parsed.ast,
      (n) => {
        if (n.type === 'FunctionCall') {
          const s = callShape(n);
          if (s.name === 'suicide') add(n, 'suicide()', 'selfdestruct()');
          else if (s.name === 'sha3') add(n, 'sha3()', 'keccak256()');
          else if (s.member === 'callcode' && !s.value) add(n, 'callcode()', 'delegatecall()');
        } else if (n.type === 'ThrowStatement') add(n, 'throw', 'revert()');
        else if (isMember(n, 'block', 'blockhash')) add(n, 'block.blockhash', 'blockhash()');
        else if (isMember(n, 'msg', 'gas')) add(n, 'msg.gas', 'gasleft()');
        else if (n.type === 'FunctionDefinition' && n.stateMutability === 'constant')
          add(n, `constant function ${n.name}`, 'view');
        else if (
          n.type === 'VariableDeclarationStatement' &&
          (n.variables ?? []).some(
            (x: Node | null) =>
              x && (!x.typeName || (x.typeName.type === 'ElementaryTypeName' && x.typeName.name === 'var')),
          )
        )
          add(n, 'var', 'an explicit type');
        else if (n.type === 'NumberLiteral' && n.subdenomination === 'years') add(n, 'years', 'days');
      },
      model.budget,
    );
    return out;
  },
);
