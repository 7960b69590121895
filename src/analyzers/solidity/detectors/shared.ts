/** Facts several detectors share: owned functions, authority variables, writes after calls. */
import { callSites, type CallSite } from '../calls.js';
import type { ContractInfo, FileModel, FunctionInfo, StateWrite } from '../model.js';
import { isAccessCheck, lookupFunction, lookupState, stateRoot } from '../model.js';
import { callShape, isMsgSender, isTxOrigin } from '../syntax.js';
import type { Node } from '../types.js';
import { walk } from '../walk.js';

export function functions(model: FileModel): FunctionInfo[] {
  return model.contracts.flatMap((c) => c.functions.filter((f) => f.node.body));
}

export function line(n: Node): number {
  return n.loc?.start.line ?? 0;
}

/** State variables that decide who may call: compared with msg.sender or indexed by it in an access check. */
export function authorityVars(c: ContractInfo, model: FileModel): Set<string> {
  const out = new Set<string>();
  const consider = (cond: Node, f: FunctionInfo) => {
    if (!isAccessCheck(cond, f, model.budget)) return;
    walk(
      cond,
      (n) => {
        if (n.type === 'BinaryOperation' && (n.operator === '==' || n.operator === '!=')) {
          for (const [a, b] of [
            [n.left, n.right],
            [n.right, n.left],
          ]) {
            if ((isMsgSender(a) || isTxOrigin(a)) && stateRoot(b, f)) out.add(stateRoot(b, f)!);
          }
        } else if (n.type === 'IndexAccess' && (isMsgSender(n.index) || isTxOrigin(n.index))) {
          const r = stateRoot(n.base, f);
          if (r) out.add(r);
        }
      },
      model.budget,
    );
  };
  for (const f of c.allFunctions) for (const cond of f.conditions) consider(cond, f);
  for (const base of c.linear) {
    for (const f of base.functions) {
      if (/^(owner|isOwner|_checkOwner)$/.test(f.name)) {
        walk(
          f.node.body,
          (n) => {
            if (n.type === 'ReturnStatement' && n.expression) {
              const r = stateRoot(n.expression, f);
              if (r) out.add(r);
            }
          },
          model.budget,
        );
      }
    }
  }
  for (const name of ['owner', '_owner', 'admin', '_admin']) if (lookupState(c, name)) out.add(name);
  return out;
}

export interface CallThenWrite {
  site: CallSite;
  /** Function holding the call (the function itself or an internal helper it calls). */
  holder: FunctionInfo;
  writes: StateWrite[];
}

function start(n: Node): number {
  return n.range?.[0] ?? 0;
}

/** Writes reached after a call in a function, including writes made by internal functions called later. */
function writesAfter(f: FunctionInfo, position: number, loop: Node | undefined): StateWrite[] {
  const out = f.writes.filter(
    (w) =>
      start(w.node) > position ||
      (loop && loop.range && start(w.node) >= loop.range[0] && start(w.node) <= loop.range[1]),
  );
  for (const call of f.internalCalls) {
    if (start(call) <= position) continue;
    const target = lookupFunction(f.contract, callShape(call).name ?? '');
    if (target && target !== f && target.node.body)
      out.push(...target.writes.map((w) => ({ name: w.name, node: call })));
  }
  return out;
}

export function callsThenWrites(f: FunctionInfo, model: FileModel): CallThenWrite[] {
  const out: CallThenWrite[] = [];
  const loops = new Map<Node, Node | undefined>();
  walk(
    f.node.body,
    (n, ancestors) => {
      if (n.type === 'FunctionCall') {
        for (let i = ancestors.length - 1; i >= 0; i--) {
          const a = ancestors[i];
          if (a.type === 'ForStatement' || a.type === 'WhileStatement' || a.type === 'DoWhileStatement') {
            loops.set(n, a);
            break;
          }
        }
      }
    },
    model.budget,
  );
  for (const site of callSites(f, model)) {
    if (!site.reentrant) continue;
    const writes = writesAfter(f, site.shape.call.range[1], loops.get(site.shape.call));
    if (writes.length) out.push({ site, holder: f, writes });
  }
  for (const call of f.internalCalls) {
    const target = lookupFunction(f.contract, callShape(call).name ?? '');
    if (!target || target === f || target.isPublic || !target.node.body) continue;
    const inner = callSites(target, model).filter((s) => s.reentrant);
    if (!inner.length) continue;
    const writes = writesAfter(f, call.range[1], loops.get(call));
    const innerWrites = (s: CallSite) => target.writes.filter((w) => start(w.node) > (s.shape.call.range?.[1] ?? 0));
    for (const s of inner) {
      const all = [...writes, ...innerWrites(s)];
      if (all.length) out.push({ site: s, holder: target, writes: all });
    }
  }
  return out;
}

export function names(writes: StateWrite[]): string {
  return [...new Set(writes.map((w) => w.name))].join(', ');
}
