import { defineDetector, type Report } from '../detector.js';
import { compareVersion, v } from '../parse.js';
import { walk } from '../walk.js';
import { functions } from './shared.js';

export default defineDetector(
  {
    id: 'uninitialized-storage',
    title: 'Uninitialized local storage pointer',
    swc: 'SWC-109',
    category: 'other',
    impact: 'high',
    confidence: 'high',
    description:
      'Before 0.5.0 a local struct or array declared without a location and without a value is a storage pointer to slot 0; writing it overwrites the first state variables.',
    exploitScenario:
      'register() fills a local struct, which silently overwrites the owner or the lock flag stored in slot 0.',
    recommendation: 'Declare the variable memory, or initialize the storage pointer with an existing storage element.',
    placement: 'The declaration of the local.',
  },
  (model) => {
    if (compareVersion(model.version, v('0.5.0')) >= 0) return [];
    const out: Report[] = [];
    for (const f of functions(model)) {
      walk(
        f.node.body,
        (n) => {
          if (n.type !== 'VariableDeclarationStatement' || n.initialValue) return;
          for (const variable of n.variables ?? []) {
            const t = variable?.typeName;
            if (!t || variable.storageLocation === 'memory') continue;
            const ref =
              (t.type === 'UserDefinedTypeName' && f.contract.structs.has(t.namePath)) ||
              (t.type === 'ArrayTypeName' && !t.length) ||
              t.type === 'Mapping';
            if (ref)
              out.push({
                node: variable,
                fn: f,
                message: `${variable.name} in ${f.contract.name}.${f.name} is an uninitialized storage pointer aliasing slot 0`,
              });
          }
        },
        model.budget,
      );
    }
    return out;
  },
);
