import { defineDetector, type Report } from '../detector.js';
import { callsThenWrites, functions } from './shared.js';

export default defineDetector(
  {
    id: 'reentrancy-read-only',
    title: 'Read-only reentrancy: view function exposes state mid-update',
    swc: 'SWC-107',
    category: 'reentrancy',
    impact: 'medium',
    confidence: 'low',
    description:
      'A lock-protected function makes an external call before updating state that a public view function returns; the lock does not cover view functions.',
    exploitScenario:
      'During the callback an attacker makes another protocol read the stale value through the view function (e.g. a share price) and borrows against it.',
    recommendation:
      'Update the state before the external call, or make the view functions revert while the lock is held.',
    placement:
      'The external call made before the state update; related: the writes after it and the view functions exposing them.',
  },
  (model) => {
    const out: Report[] = [];
    for (const f of functions(model)) {
      if (!f.isPublic || f.isView || !f.lockGuarded) continue;
      for (const hit of callsThenWrites(f, model)) {
        const written = new Set(hit.writes.map((w) => w.name));
        const readers = f.contract.allFunctions.filter(
          (g) => g.isPublic && g.isView && [...g.reads].some((r) => written.has(r)),
        );
        if (!readers.length) continue;
        const vars = [...written].filter((w) => readers.some((g) => g.reads.has(w)));
        out.push({
          node: hit.site.shape.call,
          fn: f,
          message: `${f.contract.name}.${f.name} makes an external call before updating ${vars.join(', ')}, which ${readers.map((g) => g.name).join(', ')} expose to callers during the call`,
        });
      }
    }
    return out;
  },
);
