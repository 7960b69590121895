import { defineDetector, type Report } from '../detector.js';
import type { FileModel, FunctionInfo } from '../model.js';
import { mentions, stateRoot } from '../model.js';
import { functions, headerOf, reachableWrites } from './shared.js';

export const INITIALIZER_NAME =
  /^_?(init|initiali[sz]e|initWallet|initContract|setup|initMultiowned|initDaylimit|configure)\w*$/i;

/** The function checks a flag or a variable it sets, so it can run only once. */
export function initOnce(f: FunctionInfo, model: FileModel): boolean {
  if (
    (f.node.modifiers ?? []).some((m: { name: string }) =>
      /^(initializer|reinitializer|onlyInitializing|notInitialized|whenNotInitialized|onlyOnce|once)$/.test(m.name),
    )
  )
    return true;
  const written = new Set(reachableWrites(f).map((w) => w.name));
  return f.conditions.some((c) =>
    mentions(
      c,
      (x) => {
        const root =
          x.type === 'Identifier' || x.type === 'IndexAccess' || x.type === 'MemberAccess' ? stateRoot(x, f) : null;
        return !!root && (written.has(root) || /init|setup|configured|owner|admin/i.test(root));
      },
      model.budget,
    ),
  );
}

/** A public initializer without access check or run-once flag that writes state (itself or through helpers). */
export function isOpenInitializer(f: FunctionInfo, model: FileModel): boolean {
  if (!f.isPublic || f.guarded || f.isView || !INITIALIZER_NAME.test(f.name)) return false;
  return reachableWrites(f).length > 0 && !initOnce(f, model);
}

export default defineDetector(
  {
    id: 'unprotected-initializer',
    title: 'Initializer callable by anyone, or more than once',
    swc: 'SWC-105',
    category: 'access_control',
    impact: 'high',
    confidence: 'medium',
    description:
      'An initialization function is public, has no access check and does not record that it already ran, so anyone can (re)initialize the contract.',
    exploitScenario:
      'After deployment (or on the implementation behind a proxy) an attacker calls initialize() and sets himself as owner.',
    recommendation:
      'Use an initializer modifier or a flag checked and set in the function; initialize in the same transaction as deployment.',
    placement: 'The header of the initializer; related: the writes it makes.',
  },
  (model) => {
    const out: Report[] = [];
    for (const f of functions(model)) {
      if (!isOpenInitializer(f, model)) continue;
      const writes = reachableWrites(f);
      out.push({
        node: headerOf(f),
        fn: f,
        message: `${f.contract.name}.${f.name} initializes ${[...new Set(writes.map((w) => w.name))].join(', ')} and can be called by anyone at any time`,
        related: writes.map((w) => ({ node: w.node, note: `writes ${w.name}` })),
      });
    }
    return out;
  },
);
