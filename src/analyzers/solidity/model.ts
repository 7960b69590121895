/**
 * Semantic model of one source file built from the syntax tree alone: contracts with their C3
 * linearization, state variables, functions, modifiers and the access checks they enforce,
 * state reads and writes, and taint of local values from caller-controlled and block sources.
 */
import type { ParsedFile, Version } from './parse.js';
import { compareVersion, v } from './parse.js';
import type { Node } from './types.js';
import { Budget, walk } from './walk.js';
import {
  ASSIGN_OPS,
  callShape,
  isIdent,
  isMember,
  isMsgSender,
  isRequireLike,
  isTxOrigin,
  stripCasts,
  typeText,
} from './syntax.js';

export const T_PARAM = 1;
export const T_SENDER = 2;
export const T_VALUE = 4;
export const T_DATA = 8;
export const T_TIME = 16;
export const T_BLOCK = 32;
export const T_USER = T_PARAM | T_SENDER | T_VALUE | T_DATA;

export interface StateVar {
  name: string;
  type: string;
  node: Node;
  contract: string;
  constant: boolean;
}

export interface StateWrite {
  name: string;
  node: Node;
}

export interface FunctionInfo {
  node: Node;
  name: string;
  contract: ContractInfo;
  isPublic: boolean;
  isView: boolean;
  isConstructor: boolean;
  isPayable: boolean;
  params: Map<string, string>;
  locals: Map<string, string>;
  /** Local storage pointers (`Account storage a = accounts[x]`, 0.4 `var a = accounts[x]`) and the state variable they alias. */
  aliases: Map<string, string>;
  /** Storage pointers to the caller's own entry (`accounts[msg.sender]`). */
  callerAliases: Set<string>;
  /** Block and time taint (T_TIME | T_BLOCK) of the values the function returns. */
  returnTaint: number;
  /** Taint flags per parameter and local. */
  taint: Map<string, number>;
  writes: StateWrite[];
  reads: Set<string>;
  conditions: Node[];
  /** Enforces an access check on the caller (own body, a modifier or a helper it calls). */
  guarded: boolean;
  /** Protected against re-entry by a lock modifier or a flag checked and set before calls. */
  lockGuarded: boolean;
  /** Any condition mentions the caller (balance checks, allow-lists, ownership), or the function debits the caller's own entry. */
  checksSender: boolean;
  internalCalls: Node[];
}

export interface ContractInfo {
  name: string;
  kind: string;
  node: Node;
  bases: string[];
  linear: ContractInfo[];
  stateVars: Map<string, StateVar>;
  functions: FunctionInfo[];
  modifiers: Map<string, Node>;
  structs: Set<string>;
  /** Every function visible in this contract, most derived first. */
  allFunctions: FunctionInfo[];
  usesSafeMath: boolean;
  /** Libraries attached with `using L for T`. */
  usingFor: string[];
  /** Block and time taint of this contract's own state variables, from initialisers and assignments. */
  stateTaint: Map<string, number>;
  /** Every contract of the file by name, to follow calls into other contracts. */
  file: Map<string, ContractInfo>;
}

export interface FileModel {
  file: string;
  parsed: ParsedFile;
  version: Version;
  contracts: ContractInfo[];
  budget: Budget;
  text(n: Node): string;
  /** Contract or function a finding belongs to. */
  functionOf(n: Node): FunctionInfo | undefined;
}

const LOCK_NAME = /nonreentrant|noreentr|reentrancy|mutex|\block\b|locked|nonReentrant/i;
const ACCESS_MODIFIER_NAME = /^only|auth|admin|owner|restricted|governance|guardian|controller|ownerOnly|isOwner/i;

export function buildModel(file: string, parsed: ParsedFile, budget: Budget): FileModel {
  const source = parsed.source;
  const contracts: ContractInfo[] = [];
  const byName = new Map<string, ContractInfo>();
  const fileStructs = new Set<string>();
  for (const child of parsed.ast.children ?? []) if (child.type === 'StructDefinition') fileStructs.add(child.name);

  for (const node of parsed.ast.children ?? []) {
    if (node.type !== 'ContractDefinition') continue;
    const c: ContractInfo = {
      name: node.name,
      kind: node.kind,
      node,
      bases: (node.baseContracts ?? []).map((b: Node) => b.baseName?.namePath).filter(Boolean),
      linear: [],
      stateVars: new Map(),
      functions: [],
      modifiers: new Map(),
      structs: new Set(fileStructs),
      allFunctions: [],
      usesSafeMath: false,
      usingFor: [],
      stateTaint: new Map(),
      file: byName,
    };
    for (const sub of node.subNodes ?? []) {
      if (sub.type === 'StateVariableDeclaration') {
        for (const variable of sub.variables ?? []) {
          if (!variable.name) continue;
          c.stateVars.set(variable.name, {
            name: variable.name,
            type: typeText(variable.typeName),
            node: variable,
            contract: c.name,
            constant: Boolean(variable.isDeclaredConst || variable.isImmutable),
          });
        }
      } else if (sub.type === 'ModifierDefinition') c.modifiers.set(sub.name, sub);
      else if (sub.type === 'StructDefinition') c.structs.add(sub.name);
      else if (sub.type === 'UsingForDeclaration' && sub.libraryName) {
        c.usingFor.push(String(sub.libraryName));
        if (/safe|math/i.test(String(sub.libraryName))) c.usesSafeMath = true;
      }
    }
    contracts.push(c);
    byName.set(c.name, c);
  }

  for (const c of contracts) c.linear = linearize(c, byName, new Set());
  for (const c of contracts) {
    for (const base of c.linear) for (const s of base.structs) c.structs.add(s);
    if (c.linear.some((b) => b.usesSafeMath)) c.usesSafeMath = true;
  }

  const text = (n: Node): string => (n.range ? source.slice(n.range[0], n.range[1] + 1) : '');
  const preV05 = compareVersion(parsed.version, v('0.5.0')) < 0;

  for (const c of contracts) {
    for (const sub of c.node.subNodes ?? []) {
      if (sub.type !== 'FunctionDefinition') continue;
      c.functions.push(newFunction(sub, c, preV05));
    }
  }
  for (const c of contracts) {
    const seen = new Set<string>();
    for (const base of c.linear) {
      for (const f of base.functions) {
        const sig = `${f.name}/${f.params.size}`;
        if (f.isConstructor || seen.has(sig)) continue;
        seen.add(sig);
        c.allFunctions.push(f);
      }
    }
    for (const f of c.functions) if (f.isConstructor) c.allFunctions.push(f);
  }

  const allFns = contracts.flatMap((c) => c.functions);
  for (const f of allFns) analyseBody(f, budget);
  for (const f of allFns) f.guarded = computeGuard(f, budget, new Set());
  propagateTaint(contracts, allFns, budget);

  const fnByNode = new Map<Node, FunctionInfo>();
  for (const f of allFns) fnByNode.set(f.node, f);
  const functionOf = (n: Node): FunctionInfo | undefined => {
    if (!n.range) return undefined;
    for (const f of allFns) {
      const r = f.node.range;
      if (r && r[0] <= n.range[0] && n.range[1] <= r[1]) return f;
    }
    return undefined;
  };

  return { file, parsed, version: parsed.version, contracts, budget, text, functionOf };
}

function linearize(c: ContractInfo, byName: Map<string, ContractInfo>, visiting: Set<string>): ContractInfo[] {
  if (visiting.has(c.name)) return [c];
  visiting.add(c.name);
  const bases = c.bases.map((b) => byName.get(b)).filter((b): b is ContractInfo => !!b);
  // Solidity lists bases from most base to most derived, so merge them right to left.
  const seqs = bases.reverse().map((b) => linearize(b, byName, visiting));
  seqs.push([...bases]);
  const result: ContractInfo[] = [c];
  const lists = seqs.map((s) => [...s]).filter((s) => s.length);
  for (let guard = 0; lists.length && guard < 1000; guard++) {
    let head: ContractInfo | undefined;
    for (const list of lists) {
      const candidate = list[0];
      if (!lists.some((other) => other.indexOf(candidate) > 0)) {
        head = candidate;
        break;
      }
    }
    if (!head) head = lists[0][0]; // inconsistent hierarchy: keep going rather than fail
    result.push(head);
    for (const list of lists) if (list[0] === head) list.shift();
    for (let i = lists.length - 1; i >= 0; i--) if (!lists[i].length) lists.splice(i, 1);
  }
  visiting.delete(c.name);
  return result;
}

function newFunction(node: Node, c: ContractInfo, preV05: boolean): FunctionInfo {
  const name = node.isConstructor
    ? 'constructor'
    : node.isReceiveEther
      ? 'receive'
      : node.isFallback || node.name === '' || node.name === null
        ? 'fallback'
        : node.name;
  const isConstructor = Boolean(node.isConstructor) || (preV05 && node.name === c.name);
  const visibility = node.visibility === 'default' ? (preV05 ? 'public' : 'public') : node.visibility;
  const params = new Map<string, string>();
  for (const p of node.parameters ?? []) if (p.name) params.set(p.name, typeText(p.typeName));
  const locals = new Map<string, string>();
  for (const r of node.returnParameters ?? []) if (r?.name) locals.set(r.name, typeText(r.typeName));
  return {
    node,
    name: isConstructor ? 'constructor' : name,
    contract: c,
    isPublic:
      !isConstructor &&
      (visibility === 'public' ||
        visibility === 'external' ||
        node.isFallback ||
        node.isReceiveEther ||
        name === 'fallback'),
    isView: node.stateMutability === 'view' || node.stateMutability === 'pure' || node.stateMutability === 'constant',
    isConstructor,
    isPayable: node.stateMutability === 'payable',
    params,
    locals,
    aliases: new Map(),
    callerAliases: new Set(),
    returnTaint: 0,
    taint: new Map([...params.keys()].map((p) => [p, T_PARAM])),
    writes: [],
    reads: new Set(),
    conditions: [],
    guarded: false,
    lockGuarded: false,
    checksSender: false,
    internalCalls: [],
  };
}

/** The state variable an lvalue or read ultimately refers to, through indexes, members and storage pointers. */
export function stateRoot(expr: Node | null | undefined, f: FunctionInfo): string | null {
  let cur = expr;
  for (let guard = 0; cur && guard < 32; guard++) {
    if (cur.type === 'IndexAccess') cur = cur.base;
    else if (cur.type === 'MemberAccess') {
      if (isIdent(cur.expression, 'this')) return lookupState(f.contract, cur.memberName) ? cur.memberName : null;
      cur = cur.expression;
    } else if (cur.type === 'TupleExpression' && cur.components?.length === 1) cur = cur.components[0];
    else break;
  }
  if (!cur || cur.type !== 'Identifier') return null;
  const name = cur.name as string;
  if (f.aliases.has(name)) return f.aliases.get(name)!;
  if (f.params.has(name) || f.locals.has(name)) return null;
  return lookupState(f.contract, name) ? name : null;
}

export function lookupState(c: ContractInfo, name: string): StateVar | undefined {
  for (const base of c.linear) {
    const s = base.stateVars.get(name);
    if (s) return s;
  }
  return undefined;
}

export function lookupFunction(c: ContractInfo, name: string): FunctionInfo | undefined {
  return c.allFunctions.find((f) => f.name === name);
}

export function lookupModifier(c: ContractInfo, name: string): Node | undefined {
  for (const base of c.linear) {
    const m = base.modifiers.get(name);
    if (m) return m;
  }
  return undefined;
}

function collectConditions(body: Node | null, out: Node[], budget: Budget): void {
  walk(
    body,
    (n) => {
      if (isRequireLike(n) && n.arguments?.[0]) out.push(n.arguments[0]);
      else if (
        (n.type === 'IfStatement' ||
          n.type === 'WhileStatement' ||
          n.type === 'DoWhileStatement' ||
          n.type === 'Conditional') &&
        n.condition
      )
        out.push(n.condition);
    },
    budget,
  );
}

function analyseBody(f: FunctionInfo, budget: Budget): void {
  const body = f.node.body as Node | null;
  collectConditions(body, f.conditions, budget);
  for (const inv of f.node.modifiers ?? []) {
    const mod = lookupModifier(f.contract, inv.name);
    if (mod) collectConditions(mod.body, f.conditions, budget);
  }
  walk(
    body,
    (n) => {
      if (n.type === 'VariableDeclarationStatement') {
        const single = (n.variables ?? []).length === 1;
        for (const variable of n.variables ?? []) {
          if (!variable?.name) continue;
          const isVar =
            !variable.typeName || (variable.typeName.type === 'ElementaryTypeName' && variable.typeName.name === 'var');
          const t = isVar ? null : variable.typeName;
          const refType = t && (t.type === 'UserDefinedTypeName' || t.type === 'ArrayTypeName' || t.type === 'Mapping');
          // 0.4 `var a = accounts[x]` takes the type of its value: a storage pointer when that is a struct, array or mapping.
          const inferred = !t && single && n.initialValue ? referenceTypeOf(n.initialValue, f) : null;
          f.locals.set(variable.name, inferred ?? typeText(t));
          if (
            (refType || inferred) &&
            variable.storageLocation !== 'memory' &&
            variable.storageLocation !== 'calldata' &&
            n.initialValue
          ) {
            const root = stateRoot(n.initialValue, f);
            if (root) {
              f.aliases.set(variable.name, root);
              if (keyedByCaller(n.initialValue)) f.callerAliases.add(variable.name);
            }
          }
        }
      }
    },
    budget,
  );
  localTaint(f, budget);
  walk(
    body,
    (n, ancestors) => {
      const parent = ancestors[ancestors.length - 1];
      if (n.type === 'BinaryOperation' && ASSIGN_OPS.has(n.operator)) {
        const root = stateRoot(n.left, f);
        if (root) f.writes.push({ name: root, node: n });
      } else if (
        n.type === 'UnaryOperation' &&
        (n.operator === '++' || n.operator === '--' || n.operator === 'delete')
      ) {
        const root = stateRoot(n.subExpression, f);
        if (root) f.writes.push({ name: root, node: n });
      } else if (n.type === 'FunctionCall') {
        const shape = callShape(n);
        if (shape.member && (shape.member === 'push' || shape.member === 'pop') && shape.base) {
          const root = stateRoot(shape.base, f);
          if (root) f.writes.push({ name: root, node: n });
        }
        if (shape.name && !shape.base) f.internalCalls.push(n);
      } else if (
        n.type === 'Identifier' &&
        lookupState(f.contract, n.name) &&
        !f.locals.has(n.name) &&
        !f.params.has(n.name)
      ) {
        const isWriteTarget = parent?.type === 'BinaryOperation' && parent.operator === '=' && parent.left === n;
        if (!isWriteTarget) f.reads.add(n.name);
      } else if (n.type === 'Identifier' && f.aliases.has(n.name)) f.reads.add(f.aliases.get(n.name)!);
    },
    budget,
  );
  const namesCallerEntry = (n: Node) =>
    mentions(n, (x) => x.type === 'Identifier' && f.callerAliases.has(x.name), budget);
  f.checksSender =
    f.conditions.some((c) => conditionNamesCaller(c, budget) || namesCallerEntry(c)) ||
    f.writes.some(
      (w) =>
        w.node.type === 'BinaryOperation' &&
        (w.node.operator === '-=' || w.node.operator === '=') &&
        (keyedByCaller(w.node.left) || namesCallerEntry(w.node.left)),
    );
  f.lockGuarded =
    (f.node.modifiers ?? []).some(
      (m: Node) => LOCK_NAME.test(m.name) || modifierIsLock(lookupModifier(f.contract, m.name), f, budget),
    ) || selfLock(f, budget);
}

/** An lvalue or reference into the caller's own entry: `m[msg.sender]`, `m[msg.sender].field`, `m[msg.sender][i]`. */
export function keyedByCaller(expr: Node | null | undefined): boolean {
  let cur = expr;
  for (let guard = 0; cur && guard < 16; guard++) {
    if (cur.type === 'IndexAccess') {
      if (isMsgSender(cur.index) || isTxOrigin(cur.index)) return true;
      cur = cur.base;
    } else if (cur.type === 'MemberAccess') cur = cur.expression;
    else return false;
  }
  return false;
}

/** The struct, array or mapping type a storage reference expression designates, if it designates one. */
function referenceTypeOf(expr: Node, f: FunctionInfo): string | null {
  const chain: Node[] = [];
  let cur: Node | undefined = expr;
  while (cur && (cur.type === 'IndexAccess' || cur.type === 'MemberAccess')) {
    chain.unshift(cur);
    cur = cur.type === 'IndexAccess' ? cur.base : cur.expression;
  }
  if (!cur || cur.type !== 'Identifier') return null;
  let type = f.aliases.has(cur.name)
    ? (f.locals.get(cur.name) ?? null)
    : (lookupState(f.contract, cur.name)?.type ?? null);
  for (const step of chain) {
    if (!type) return null;
    if (step.type === 'IndexAccess') {
      const m = type.match(/^mapping\((?:[^()]|\([^()]*\))*?=>(.*)\)$/);
      type = m ? m[1] : type.endsWith(']') ? type.replace(/\[n?\]$/, '') : null;
    } else {
      type = structFieldType(f.contract, type, step.memberName);
    }
  }
  if (!type) return null;
  return type.startsWith('mapping') || type.endsWith(']') || f.contract.structs.has(type) ? type : null;
}

function structFieldType(c: ContractInfo, struct: string, field: string): string | null {
  for (const base of c.linear) {
    for (const sub of base.node.subNodes ?? []) {
      if (sub.type !== 'StructDefinition' || sub.name !== struct) continue;
      const member = (sub.members ?? []).find((m: Node) => m.name === field);
      return member ? typeText(member.typeName) : null;
    }
  }
  return null;
}

/** Taint of parameters and locals from the expressions assigned to them. */
function localTaint(f: FunctionInfo, budget: Budget): void {
  const body = f.node.body as Node | null;
  // Two passes let values flow through chains of local assignments declared out of order.
  for (let pass = 0; pass < 2; pass++) {
    walk(
      body,
      (n) => {
        if (n.type === 'VariableDeclarationStatement' && n.initialValue) {
          const t = taintOf(n.initialValue, f);
          for (const variable of n.variables ?? [])
            if (variable?.name && t) f.taint.set(variable.name, (f.taint.get(variable.name) ?? 0) | t);
        } else if (n.type === 'BinaryOperation' && ASSIGN_OPS.has(n.operator) && n.left?.type === 'Identifier') {
          const name = n.left.name;
          if (f.locals.has(name) || f.params.has(name)) {
            const t = taintOf(n.right, f);
            if (t) f.taint.set(name, (f.taint.get(name) ?? 0) | t);
          }
        }
      },
      budget,
    );
  }
}

function modifierIsLock(mod: Node | undefined, f: FunctionInfo, budget: Budget): boolean {
  if (!mod?.body) return false;
  let sawPlaceholder = false;
  let writesBefore = false;
  walk(
    mod.body,
    (n) => {
      if (n.type === 'ExpressionStatement' && isIdent(n.expression, '_')) sawPlaceholder = true;
      if (
        !sawPlaceholder &&
        n.type === 'BinaryOperation' &&
        n.operator === '=' &&
        n.left?.type === 'Identifier' &&
        lookupState(f.contract, n.left.name) &&
        (n.right?.type === 'BooleanLiteral' || n.right?.type === 'NumberLiteral')
      )
        writesBefore = true;
    },
    budget,
  );
  return writesBefore;
}

/** `require(!locked); locked = true; ... locked = false;` written in the function itself. */
function selfLock(f: FunctionInfo, budget: Budget): boolean {
  const body = f.node.body as Node | null;
  const first = body?.statements?.slice(0, 3) ?? [];
  for (const s of first) {
    const e = s.type === 'ExpressionStatement' ? s.expression : null;
    if (
      e?.type === 'BinaryOperation' &&
      e.operator === '=' &&
      e.left?.type === 'Identifier' &&
      e.right?.type === 'BooleanLiteral' &&
      e.right.value === true
    ) {
      const name = e.left.name;
      if (lookupState(f.contract, name) && f.conditions.some((c) => mentions(c, (x) => isIdent(x, name), budget)))
        return true;
    }
  }
  return false;
}

/** The caller appears in the condition other than as the recipient of a payment made inside it. */
function conditionNamesCaller(cond: Node, budget: Budget): boolean {
  let hit = false;
  walk(
    cond,
    (n, ancestors) => {
      if (hit) return 'skip';
      if (!(isMsgSender(n) || isTxOrigin(n))) return;
      const parent = ancestors[ancestors.length - 1];
      const paid = parent?.type === 'MemberAccess' && /^(send|transfer|call|value)$/.test(parent.memberName);
      if (!paid) hit = true;
      return 'skip';
    },
    budget,
  );
  return hit;
}

/** Functions from which `f` runs for any caller: f itself when public and unchecked, or unchecked public callers of an internal f. */
export function openEntryPoints(f: FunctionInfo, depth = 0): FunctionInfo[] {
  if (f.isPublic) return f.guarded || f.checksSender ? [] : [f];
  if (f.isConstructor || depth > 3) return [];
  const callers = f.contract.allFunctions.filter(
    (g) => g !== f && g.internalCalls.some((call) => callShape(call).name === f.name),
  );
  const out: FunctionInfo[] = [];
  for (const g of callers) if (!g.guarded && !g.checksSender) out.push(...openEntryPoints(g, depth + 1));
  return out;
}

export function mentions(root: Node | null | undefined, pred: (n: Node) => boolean, budget?: Budget): boolean {
  let hit = false;
  walk(
    root,
    (n) => {
      if (hit) return 'skip';
      if (pred(n)) hit = true;
    },
    budget,
  );
  return hit;
}

/** A condition that restricts who the caller may be (owner comparison, allow-list, role check). */
export function isAccessCheck(cond: Node, f: FunctionInfo, budget: Budget, depth = 0): boolean {
  let hit = false;
  walk(
    cond,
    (n, ancestors) => {
      if (hit) return 'skip';
      if (n.type === 'BinaryOperation' && (n.operator === '==' || n.operator === '!=')) {
        const l = stripCasts(n.left);
        const r = stripCasts(n.right);
        const sender = (x: Node) => isMsgSender(x) || isTxOrigin(x);
        if (
          (sender(l) && !sender(r) && r.type !== 'NumberLiteral') ||
          (sender(r) && !sender(l) && l.type !== 'NumberLiteral')
        )
          hit = true;
      } else if (n.type === 'IndexAccess' && (isMsgSender(n.index) || isTxOrigin(n.index))) {
        const root = stateRoot(n.base, f);
        const type = root ? (lookupState(f.contract, root)?.type ?? '') : '';
        const parent = ancestors[ancestors.length - 1];
        const negated = parent?.type === 'UnaryOperation' && parent.operator === '!';
        const allowList =
          /=>bool\)$/.test(type) &&
          !negated &&
          !/claimed|done|voted|paid|used|seen|received|withdrawn|redeemed|served|registered|blacklist|blocked|banned/i.test(
            root ?? '',
          );
        if (allowList || /admin|owner|auth|operator|whitelist|allowed|minter|manager|role/i.test(root ?? ''))
          hit = true;
      } else if (n.type === 'FunctionCall') {
        const shape = callShape(n);
        const callee = shape.name ?? shape.member ?? '';
        if (
          /^(hasRole|isOwner|_isOwner|isAdmin|isAuthorized|_isAuthorized|isOperator|checkRole|_checkRole|_checkOwner|onlyOwner)$/.test(
            callee,
          )
        )
          hit = true;
        else if (shape.name && depth < 2) {
          const target = lookupFunction(f.contract, shape.name);
          if (target && target !== f && target.node.body && !target.isPublic) {
            const inner: Node[] = [];
            collectConditions(target.node.body, inner, budget);
            if (inner.some((c) => isAccessCheck(c, target, budget, depth + 1))) hit = true;
          }
        }
      }
    },
    budget,
  );
  return hit;
}

function computeGuard(f: FunctionInfo, budget: Budget, visiting: Set<FunctionInfo>): boolean {
  if (visiting.has(f)) return false;
  visiting.add(f);
  for (const inv of f.node.modifiers ?? []) {
    const mod = lookupModifier(f.contract, inv.name);
    if (mod) {
      const conds: Node[] = [];
      collectConditions(mod.body, conds, budget);
      if (conds.some((c) => isAccessCheck(c, f, budget))) return true;
      if (
        mentions(
          mod.body,
          (n) => n.type === 'FunctionCall' && /^_?check(Owner|Role)|^_?only/i.test(callShape(n).name ?? ''),
          budget,
        )
      )
        return true;
    } else if (ACCESS_MODIFIER_NAME.test(inv.name)) return true;
  }
  if (f.conditions.some((c) => isAccessCheck(c, f, budget))) return true;
  for (const call of f.internalCalls) {
    const name = callShape(call).name ?? '';
    if (/^_?(checkOwner|checkRole|onlyOwner|requireOwner|onlyAdmin|authorizeUpgrade|_authorizeUpgrade)$/.test(name))
      return true;
    const target = lookupFunction(f.contract, name);
    if (target && target !== f && !target.isPublic && target.node.body && isTopLevelCall(call, f)) {
      if (target.conditions.some((c) => isAccessCheck(c, target, budget)) && computeGuard(target, budget, visiting))
        return true;
    }
  }
  return false;
}

function isTopLevelCall(call: Node, f: FunctionInfo): boolean {
  return (f.node.body?.statements ?? []).some((s: Node) => s.type === 'ExpressionStatement' && s.expression === call);
}

/** Taint flags of an expression inside a function. */
export function taintOf(expr: Node | null | undefined, f: FunctionInfo): number {
  if (!expr) return 0;
  switch (expr.type) {
    case 'Identifier': {
      if (expr.name === 'now') return T_TIME;
      if (f.params.has(expr.name) || f.locals.has(expr.name)) return f.taint.get(expr.name) ?? 0;
      const state = lookupState(f.contract, expr.name);
      return state ? (f.contract.file.get(state.contract)?.stateTaint.get(expr.name) ?? 0) : 0;
    }
    case 'MemberAccess':
      if (isMsgSender(expr)) return T_SENDER;
      if (isMember(expr, 'msg', 'value')) return T_VALUE;
      if (isMember(expr, 'msg', 'data') || isMember(expr, 'msg', 'sig')) return T_DATA;
      if (isMember(expr, 'block', 'timestamp')) return T_TIME;
      if (expr.expression?.type === 'Identifier' && expr.expression.name === 'block') return T_BLOCK;
      if (isTxOrigin(expr)) return T_SENDER;
      return taintOf(expr.expression, f);
    case 'IndexAccess':
      return taintOf(expr.base, f) & ~T_SENDER;
    case 'FunctionCall': {
      const shape = callShape(expr);
      if (shape.name === 'blockhash' || (shape.member === 'blockhash' && isIdent(shape.base, 'block'))) return T_BLOCK;
      if (isMsgSender(expr)) return T_SENDER;
      let t = calleeOf(expr, f)?.returnTaint ?? 0;
      for (const a of expr.arguments ?? []) t |= taintOf(a, f);
      if (
        shape.base &&
        (shape.member === 'encodePacked' ||
          shape.member === 'encode' ||
          shape.member === 'encodeWithSignature' ||
          shape.member === 'encodeWithSelector' ||
          shape.member === 'encodeCall')
      )
        return t;
      return t;
    }
    default: {
      let t = 0;
      for (const key of ['left', 'right', 'subExpression', 'trueExpression', 'falseExpression', 'expression'])
        if (expr[key]) t |= taintOf(expr[key], f);
      for (const c of expr.components ?? []) if (c) t |= taintOf(c, f);
      return t;
    }
  }
}

/**
 * The function a call runs, when the file has it: an internal or inherited function, `this.f()` /
 * `super.f()`, or a function of another contract of the file called through a variable of its type.
 */
export function calleeOf(call: Node, f: FunctionInfo): FunctionInfo | undefined {
  const shape = callShape(call);
  if (shape.name && !shape.base) return lookupFunction(f.contract, shape.name);
  if (!shape.member || !shape.base) return undefined;
  if (isIdent(shape.base, 'this')) return lookupFunction(f.contract, shape.member);
  if (isIdent(shape.base, 'super'))
    return f.contract.linear
      .slice(1)
      .flatMap((b) => b.functions)
      .find((g) => g.name === shape.member);
  const base = stripCasts(shape.base);
  let type: string | undefined;
  if (base.type === 'Identifier') {
    type = f.params.get(base.name) ?? f.locals.get(base.name) ?? lookupState(f.contract, base.name)?.type ?? base.name;
  } else if (shape.base.type === 'FunctionCall' && shape.base.expression?.type === 'Identifier')
    type = shape.base.expression.name;
  const target = type ? f.contract.file.get(type) : undefined;
  return target && target !== f.contract ? lookupFunction(target, shape.member) : undefined;
}

const BLOCK_TAINT = T_TIME | T_BLOCK;
const ELEMENTARY_VALUE = /^(u?int\d*|bytes\d+|address|address payable|bool)$/;

/** Block values kept in state: initialisers and every assignment of a block-derived value. */
function computeStateTaint(contracts: ContractInfo[], fns: FunctionInfo[]): boolean {
  let changed = false;
  // Only single values: a struct or mapping holding one block number somewhere is not itself a block value.
  const add = (owner: ContractInfo | undefined, name: string, t: number) => {
    if (!owner || !(t & BLOCK_TAINT) || !ELEMENTARY_VALUE.test(owner.stateVars.get(name)?.type ?? '')) return;
    const before = owner.stateTaint.get(name) ?? 0;
    if ((before | t) !== before) {
      owner.stateTaint.set(name, before | (t & BLOCK_TAINT));
      changed = true;
    }
  };
  for (const c of contracts)
    for (const sv of c.stateVars.values()) if (sv.node.expression) add(c, sv.name, mentionsBlock(sv.node.expression));
  for (const f of fns) {
    for (const w of f.writes) {
      if (w.node.type !== 'BinaryOperation' || !ASSIGN_OPS.has(w.node.operator)) continue;
      add(f.contract.file.get(lookupState(f.contract, w.name)?.contract ?? ''), w.name, taintOf(w.node.right, f));
    }
  }
  return changed;
}

function mentionsBlock(expr: Node): number {
  let t = 0;
  walk(expr, (n) => {
    if (isIdent(n, 'now') || isMember(n, 'block', 'timestamp')) t |= T_TIME;
    else if (n.type === 'MemberAccess' && isIdent(n.expression, 'block')) t |= T_BLOCK;
    else if (n.type === 'FunctionCall' && callShape(n).name === 'blockhash') t |= T_BLOCK;
  });
  return t;
}

function computeReturnTaint(fns: FunctionInfo[], budget: Budget): boolean {
  let changed = false;
  for (const f of fns) {
    let t = 0;
    walk(
      f.node.body,
      (n) => {
        if (n.type === 'ReturnStatement' && n.expression) t |= taintOf(n.expression, f);
      },
      budget,
    );
    for (const r of f.node.returnParameters ?? []) if (r?.name) t |= f.taint.get(r.name) ?? 0;
    t &= BLOCK_TAINT;
    if ((f.returnTaint | t) !== f.returnTaint) {
      f.returnTaint |= t;
      changed = true;
    }
  }
  return changed;
}

/**
 * Taint crosses functions, state and contracts: parameters of internal functions carry the taint of
 * the arguments their callers pass, and block values flow through return values and state variables
 * (initialisers included) into every function that reads them, inherited or in another contract.
 */
function propagateTaint(contracts: ContractInfo[], fns: FunctionInfo[], budget: Budget): void {
  for (const f of fns) if (!f.isPublic && !f.isConstructor) for (const p of f.params.keys()) f.taint.set(p, 0);
  for (let round = 0; round < 4; round++) {
    let changed = false;
    for (const f of fns) localTaint(f, budget);
    if (computeStateTaint(contracts, fns)) changed = true;
    if (computeReturnTaint(fns, budget)) changed = true;
    for (const f of fns) {
      for (const call of f.internalCalls) {
        budget.tick();
        const target = lookupFunction(f.contract, callShape(call).name ?? '');
        if (!target || target.isPublic || target.isConstructor) continue;
        const names = [...target.params.keys()];
        (call.arguments ?? []).forEach((arg: Node, i: number) => {
          const name = names[i];
          if (!name) return;
          const before = target.taint.get(name) ?? 0;
          const after = before | taintOf(arg, f);
          if (after !== before) {
            target.taint.set(name, after);
            changed = true;
          }
        });
      }
    }
    if (!changed) break;
  }
}
