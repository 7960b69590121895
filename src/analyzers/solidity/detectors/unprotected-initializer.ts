import { defineDetector, type Report } from '../detector.js';
import type { FileModel, FunctionInfo } from '../model.js';
import { mentions, stateRoot } from '../model.js';
import { functions } from './shared.js';

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
  const written = new Set(f.writes.map((w) => w.name));
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
      if (!f.isPublic || f.guarded || f.isView || !INITIALIZER_NAME.test(f.name) || !f.writes.length) continue;
      if (initOnce(f, model)) continue;
      out.push({
        node: f.node,
        until: f.node.parameters?.[f.node.parameters.length - 1] ?? undefined,
        fn: f,
        message: `${f.contract.name}.${f.name} initializes ${[...new Set(f.writes.map((w) => w.name))].join(', ')} and can be called by anyone at any time`,
      });
    }
    return out;
  },
);
