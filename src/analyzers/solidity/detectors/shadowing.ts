import { defineDetector, type Report } from '../detector.js';
import type { Node } from '../types.js';
import { walk } from '../walk.js';

const BUILTINS = new Set([
  'now',
  'msg',
  'block',
  'tx',
  'assert',
  'require',
  'revert',
  'sha3',
  'keccak256',
  'sha256',
  'ripemd160',
  'ecrecover',
  'suicide',
  'selfdestruct',
  'blockhash',
  'gasleft',
  'this',
  'addmod',
  'mulmod',
  'abi',
]);

export default defineDetector(
  {
    id: 'shadowing',
    title: 'Shadowed state variable or built-in',
    swc: 'SWC-119',
    category: 'other',
    impact: 'medium',
    confidence: 'high',
    description:
      'A state variable re-declared in a derived contract, a local variable named like a state variable, or a declaration named like a built-in hides the original; code reads or writes a different variable than the author meant.',
    exploitScenario:
      "A derived contract declares its own owner; the base contract's onlyOwner still checks the base owner, which is never set, so nobody (or anybody) passes.",
    recommendation: 'Remove the duplicate declaration and give locals distinct names.',
    placement: 'The shadowing declaration; related: the shadowed one.',
  },
  (model) => {
    const out: Report[] = [];
    for (const c of model.contracts) {
      for (const [name, sv] of c.stateVars) {
        const base = c.linear.slice(1).find((b) => b.stateVars.has(name));
        if (base)
          out.push({
            node: sv.node,
            contract: c,
            message: `${c.name}.${name} shadows the state variable ${base.name}.${name}`,
          });
        else if (BUILTINS.has(name))
          out.push({ node: sv.node, contract: c, message: `${c.name}.${name} shadows the built-in ${name}` });
      }
      for (const f of c.functions) {
        if (BUILTINS.has(f.node.name ?? ''))
          out.push({ node: f.node, fn: f, message: `${c.name}.${f.node.name} shadows the built-in ${f.node.name}` });
        walk(
          f.node.body,
          (n: Node) => {
            if (n.type !== 'VariableDeclarationStatement') return;
            for (const variable of n.variables ?? []) {
              if (!variable?.name) continue;
              const owner = c.linear.find((b) => b.stateVars.has(variable.name));
              if (owner)
                out.push({
                  node: variable,
                  fn: f,
                  message: `local ${variable.name} in ${c.name}.${f.name} shadows the state variable ${owner.name}.${variable.name}`,
                });
              else if (BUILTINS.has(variable.name))
                out.push({
                  node: variable,
                  fn: f,
                  message: `local ${variable.name} in ${c.name}.${f.name} shadows the built-in ${variable.name}`,
                });
            }
          },
          model.budget,
        );
      }
    }
    return out;
  },
);
