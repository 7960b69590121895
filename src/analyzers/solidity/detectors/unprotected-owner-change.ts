import { defineDetector, type Report } from '../detector.js';
import { mentions, stateRoot } from '../model.js';
import { isIdent } from '../syntax.js';
import type { Node } from '../types.js';
import { walk } from '../walk.js';
import { authorityVars, headerOf } from './shared.js';
import type { FileModel, FunctionInfo, StateWrite } from '../model.js';
import { INITIALIZER_NAME, initOnce } from './unprotected-initializer.js';

export default defineDetector(
  {
    id: 'unprotected-owner-change',
    title: 'Anyone can change the owner or an admin',
    swc: 'SWC-105',
    category: 'access_control',
    impact: 'high',
    confidence: 'medium',
    description:
      'A public function without access control writes a variable that other functions use to decide who is authorized (owner, admins, allow-lists). A misspelt old-style constructor is a common cause.',
    exploitScenario:
      'An attacker calls the function, makes himself owner and then uses the owner-only functions to take the funds.',
    recommendation:
      'Guard the function with the same access check as the functions the variable protects; use the constructor keyword.',
    placement:
      'The header of the function (for a misspelt constructor, its declaration); related: the write to the authority variable.',
  },
  (model) => {
    const out: Report[] = [];
    for (const c of model.contracts) {
      const authority = authorityVars(c, model);
      if (!authority.size) continue;
      for (const f of c.functions) {
        const unguarded = unguardedAuthorityWrites(f, authority, model);
        if (unguarded.length)
          out.push({
            node: headerOf(f),
            fn: f,
            message: `${c.name}.${f.name} writes ${[...new Set(unguarded.map((w) => w.name))].join(', ')}, which ${unguarded.length > 1 ? 'control' : 'controls'} authorization, without an access check${misspeltConstructor(f) ? ' (a misspelt constructor)' : ''}`,
            related: unguarded.map((w) => ({ node: w.node, note: `writes ${w.name}` })),
          });
      }
    }
    return out;
  },
);

/** Writes of authority variables a public function makes for any caller, unconditionally. */
export function unguardedAuthorityWrites(f: FunctionInfo, authority: Set<string>, model: FileModel): StateWrite[] {
  if (!f.isPublic || f.guarded || !f.node.body || INITIALIZER_NAME.test(f.name) || initOnce(f, model)) return [];
  const conditional = new Set<Node>();
  walk(
    f.node.body,
    (n, ancestors) => {
      if (ancestors.some((a) => a.type === 'IfStatement')) conditional.add(n);
    },
    model.budget,
  );
  const unguarded: StateWrite[] = [];
  for (const w of f.writes) {
    if (!authority.has(w.name)) continue;
    // Assigned only on some path (a game's winner, a round's leader): business logic rather than an unguarded owner change.
    if (conditional.has(w.node)) continue;
    // A write keyed by the caller only affects the caller's own entry (registering oneself).
    if (
      w.node.type === 'BinaryOperation' &&
      w.node.left?.type === 'IndexAccess' &&
      mentions(w.node.left.index, (x) => x.type === 'MemberAccess' && x.memberName === 'sender', model.budget) &&
      f.checksSender
    )
      continue;
    if (
      f.conditions.some((cond) =>
        mentions(
          cond,
          (x) => isIdent(x, w.name) || (x.type === 'IndexAccess' && stateRoot(x, f) === w.name),
          model.budget,
        ),
      )
    )
      continue;
    unguarded.push(w);
  }
  return unguarded;
}

/** A public function named like its contract but for letter case or a typo: meant as an old-style constructor. */
function misspeltConstructor(f: FunctionInfo): boolean {
  const a = f.name.toLowerCase();
  const b = f.contract.name.toLowerCase();
  if (a === 'constructor' || a === b) return true;
  if (Math.abs(a.length - b.length) > 2) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  let j = 0;
  while (j < a.length - i && j < b.length - i && a[a.length - 1 - j] === b[b.length - 1 - j]) j++;
  return i + j >= Math.min(a.length, b.length) - 2 && Math.min(a.length, b.length) >= 5;
}
