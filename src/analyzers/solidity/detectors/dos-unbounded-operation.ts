import { inLoop } from '../calls.js';
import { defineDetector, type Report } from '../detector.js';
import { lookupState, stateRoot, T_PARAM, taintOf, type FunctionInfo } from '../model.js';
import type { Node } from '../types.js';
import { walk } from '../walk.js';
import { growableArrays } from './dos-unbounded-loop.js';
import { functions } from './shared.js';

function isDynamicArray(name: string, f: FunctionInfo): boolean {
  return /\[\]$/.test(lookupState(f.contract, name)?.type ?? '');
}

/** `delete a`, `a.length = 0`, `a = new T[](0)`: the array cleared, or null. */
function clearedArray(n: Node, f: FunctionInfo): string | null {
  if (n.type === 'UnaryOperation' && n.operator === 'delete' && n.subExpression?.type === 'Identifier') {
    const root = stateRoot(n.subExpression, f);
    return root && isDynamicArray(root, f) ? root : null;
  }
  if (n.type !== 'BinaryOperation' || n.operator !== '=') return null;
  if (n.left?.type === 'MemberAccess' && n.left.memberName === 'length' && isZeroLiteral(n.right)) {
    const root = n.left.expression?.type === 'Identifier' ? stateRoot(n.left.expression, f) : null;
    return root && isDynamicArray(root, f) ? root : null;
  }
  if (
    n.left?.type === 'Identifier' &&
    n.right?.type === 'FunctionCall' &&
    n.right.expression?.type === 'NewExpression'
  ) {
    const root = stateRoot(n.left, f);
    return root && isDynamicArray(root, f) ? root : null;
  }
  return null;
}

function isZeroLiteral(n: Node | null | undefined): boolean {
  return !!n && n.type === 'NumberLiteral' && Number(n.number) === 0;
}

/** `a.length += n` or `a.length = n` with n chosen by the caller. */
function grownByCaller(n: Node, f: FunctionInfo): string | null {
  if (n.type !== 'BinaryOperation' || (n.operator !== '+=' && n.operator !== '=')) return null;
  if (n.left?.type !== 'MemberAccess' || n.left.memberName !== 'length' || !(taintOf(n.right, f) & T_PARAM))
    return null;
  const root = n.left.expression?.type === 'Identifier' ? stateRoot(n.left.expression, f) : null;
  return root && isDynamicArray(root, f) ? root : null;
}

export default defineDetector(
  {
    id: 'dos-unbounded-operation',
    title: 'Array grown by a caller-chosen amount, or cleared after anyone could grow it',
    swc: 'SWC-128',
    category: 'denial_of_service',
    impact: 'medium',
    confidence: 'medium',
    description:
      'Clearing a storage array (delete, length = 0, assigning a new empty array) costs gas for every element, and so does extending its length; without an explicit loop these still grow with a size that any caller controls.',
    exploitScenario:
      'An attacker adds thousands of entries (or sets the length to a huge value in one call); the reset that clears the array then needs more gas than a block holds, and the game or payout it belongs to is stuck for good.',
    recommendation:
      'Bound the array, let entries be removed one by one (pull pattern), or keep a round counter with per-round mappings instead of clearing.',
    placement:
      'The statement, outside a loop, that grows a storage array by a caller-chosen amount, or clears one that any caller can grow; related: where the array grows.',
  },
  (model) => {
    const out: Report[] = [];
    for (const f of functions(model)) {
      if (f.isView) continue;
      const growable = growableArrays(f.contract);
      const open = f.isPublic && !f.guarded;
      walk(
        f.node.body,
        (n, ancestors) => {
          const cleared = clearedArray(n, f);
          if (cleared && growable.has(cleared)) {
            out.push({
              node: n,
              fn: f,
              message: `${f.contract.name}.${f.name} clears ${cleared}, which any caller can grow: the cost grows with every entry`,
              related: growable.get(cleared)!.map((g) => ({ node: g, note: `${cleared} grows here` })),
            });
            return 'skip';
          }
          const grown = open && !inLoop(ancestors) ? grownByCaller(n, f) : null;
          if (grown)
            out.push({
              node: n,
              fn: f,
              message: `${f.contract.name}.${f.name} extends ${grown} by an amount the caller chooses`,
            });
        },
        model.budget,
      );
    }
    return out;
  },
);
