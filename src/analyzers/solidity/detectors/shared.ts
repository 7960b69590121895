/** Facts several detectors share: owned functions, authority variables, writes after calls. */
import { callSites, type CallSite } from '../calls.js';
import type { ContractInfo, FileModel, FunctionInfo, StateWrite } from '../model.js';
import { calleeOf, isAccessCheck, lookupFunction, lookupState, stateRoot, T_BLOCK, T_TIME } from '../model.js';
import { callShape, isIdent, isMember, isMsgSender, isRequireLike, isTxOrigin } from '../syntax.js';
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
  // Modifiers guard with their variables even where no function of this contract uses them yet.
  const context = c.allFunctions[0];
  if (context)
    for (const base of c.linear)
      for (const mod of base.modifiers.values()) {
        const conds: Node[] = [];
        walk(
          mod.body,
          (n) => {
            if (isRequireLike(n) && n.arguments?.[0]) conds.push(n.arguments[0]);
            else if (n.type === 'IfStatement' && n.condition) conds.push(n.condition);
          },
          model.budget,
        );
        for (const cond of conds) consider(cond, context);
      }
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

/** The declaration line of a function up to its body: where findings about who may call it are placed. */
export function headerOf(f: FunctionInfo): Node {
  const n = f.node;
  const end = n.body?.loc?.start ?? n.loc.end;
  return {
    type: 'FunctionHeader',
    loc: { start: n.loc.start, end },
    range: [n.range[0], n.body?.range?.[0] ?? n.range[1]],
  };
}

const HASHES = /^(keccak256|sha3|sha256|ripemd160)$/;

/** A read of the block's timestamp (T_TIME) or of another block value (T_BLOCK). */
export function blockReadKind(n: Node, f?: FunctionInfo): number {
  if (n.type === 'Identifier') return n.name === 'now' && !f?.locals.has('now') && !f?.params.has('now') ? T_TIME : 0;
  if (n.type === 'MemberAccess') {
    if (isMember(n, 'block', 'timestamp')) return T_TIME;
    return isIdent(n.expression, 'block') && n.memberName !== 'blockhash' ? T_BLOCK : 0;
  }
  if (n.type === 'FunctionCall') {
    const s = callShape(n);
    return s.name === 'blockhash' || (s.member === 'blockhash' && isIdent(s.base, 'block')) ? T_BLOCK : 0;
  }
  return 0;
}

export interface BlockRead {
  node: Node;
  /** The read is in the expression itself, not reached through a local, state variable or helper. */
  direct: boolean;
}

/**
 * Where the block values an expression depends on are read: in the expression itself, or through
 * the assignments of the locals and state variables it uses (state initialisers included) and the
 * return statements of the functions it calls, in this contract, its bases or another contract.
 */
export function blockReads(
  expr: Node | null | undefined,
  f: FunctionInfo,
  model: FileModel,
  options: { kinds: number; throughHashes: boolean; throughState: boolean },
): BlockRead[] {
  const out: BlockRead[] = [];
  const seen = new Set<Node>();
  const all = model.contracts.flatMap((c) => c.functions);
  const visit = (root: Node | null | undefined, g: FunctionInfo, direct: boolean, depth: number): void => {
    if (!root || seen.has(root) || depth > 6) return;
    seen.add(root);
    walk(
      root,
      (n) => {
        const kind = blockReadKind(n, g);
        if (kind) {
          if (kind & options.kinds) out.push({ node: n, direct });
          return 'skip';
        }
        if (!options.throughHashes && n.type === 'FunctionCall' && HASHES.test(callShape(n).name ?? '')) return 'skip';
        if (n.type === 'Identifier') {
          if (g.locals.has(n.name) || g.params.has(n.name)) {
            for (const source of localSources(g, n.name, model)) visit(source, g, false, depth + 1);
          } else if (options.throughState && lookupState(g.contract, n.name)) {
            const sv = lookupState(g.contract, n.name)!;
            if (sv.node.expression) visit(sv.node.expression, g, false, depth + 1);
            for (const h of all)
              for (const w of h.writes)
                if (w.name === n.name && w.node.type === 'BinaryOperation' && w.node.left?.type === 'Identifier')
                  visit(w.node.right, h, false, depth + 1);
          }
        } else if (n.type === 'FunctionCall') {
          const callee = calleeOf(n, g);
          if (callee && callee !== g && callee.returnTaint & options.kinds) {
            walk(
              callee.node.body,
              (r) => {
                if (r.type === 'ReturnStatement') visit(r.expression, callee, false, depth + 1);
              },
              model.budget,
            );
            for (const r of callee.node.returnParameters ?? [])
              if (r?.name)
                for (const source of localSources(callee, r.name, model)) visit(source, callee, false, depth + 1);
          }
        }
      },
      model.budget,
    );
  };
  visit(expr, f, true, 0);
  return out;
}

/** Expressions assigned to a local (its initial value and later assignments). */
function localSources(f: FunctionInfo, name: string, model: FileModel): Node[] {
  const out: Node[] = [];
  walk(
    f.node.body,
    (n) => {
      if (
        n.type === 'VariableDeclarationStatement' &&
        n.initialValue &&
        (n.variables ?? []).some((v: Node | null) => v?.name === name)
      )
        out.push(n.initialValue);
      else if (
        n.type === 'BinaryOperation' &&
        n.operator.endsWith('=') &&
        !['==', '!=', '<=', '>='].includes(n.operator) &&
        isIdent(n.left, name)
      )
        out.push(n.right);
    },
    model.budget,
  );
  return out;
}

/** State writes a function makes itself and through the functions of the contract it calls. */
export function reachableWrites(f: FunctionInfo, depth = 0, seen = new Set<FunctionInfo>()): StateWrite[] {
  if (seen.has(f) || depth > 4) return [];
  seen.add(f);
  const out = [...f.writes];
  for (const call of f.internalCalls) {
    const target = lookupFunction(f.contract, callShape(call).name ?? '');
    if (target && target.node.body) out.push(...reachableWrites(target, depth + 1, seen));
  }
  return out;
}
