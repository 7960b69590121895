/** Classification of call sites: ETH transfers, low-level calls, calls into other contracts. */
import type { ContractInfo, FileModel, FunctionInfo } from './model.js';
import { lookupFunction, lookupState } from './model.js';
import type { Node } from './types.js';
import { callShape, isIdent, isMsgSender, LOW_LEVEL, stripCasts, type CallShape } from './syntax.js';
import { walk } from './walk.js';

export type CallKind = 'eth-transfer' | 'eth-send' | 'low-level' | 'contract' | 'internal' | 'other';

export interface CallSite {
  shape: CallShape;
  kind: CallKind;
  /** Sends ETH: transfer/send, or a low-level call with a value. */
  sendsEth: boolean;
  /** The callee can run arbitrary code (not the 2300-gas transfer/send stipend). */
  reentrant: boolean;
  /** The address or contract called. */
  target: Node | null;
}

const ELEMENTARY = /^(address|address payable|bool|string|bytes\d*|u?int\d*|fixed|ufixed|byte|var)$/;
const NON_CONTRACT_BASES = new Set([
  'abi',
  'msg',
  'block',
  'tx',
  'super',
  'this',
  'bytes',
  'string',
  'type',
  'Math',
  'SafeMath',
  'Address',
  'Strings',
  'ECDSA',
]);
const ARRAY_MEMBERS = new Set(['push', 'pop', 'length', 'concat']);

export function typeOf(expr: Node | null | undefined, f: FunctionInfo): string | null {
  if (!expr) return null;
  const e = expr.type === 'TupleExpression' && expr.components?.length === 1 ? expr.components[0] : expr;
  if (e.type === 'Identifier')
    return f.params.get(e.name) ?? f.locals.get(e.name) ?? lookupState(f.contract, e.name)?.type ?? null;
  if (
    e.type === 'FunctionCall' &&
    e.expression?.type === 'Identifier' &&
    /^[A-Z]/.test(e.expression.name) &&
    e.arguments?.length === 1 &&
    !lookupFunction(f.contract, e.expression.name)
  )
    return e.expression.name;
  if (e.type === 'FunctionCall' && e.expression?.type === 'ElementaryTypeName') return e.expression.name;
  if (e.type === 'IndexAccess') {
    const base = typeOf(e.base, f);
    const m = base?.match(/^mapping\(.*?=>(.*)\)$/);
    if (m) return m[1];
    if (base?.endsWith(']')) return base.replace(/\[n?\]$/, '');
  }
  if (isMsgSender(e)) return 'address';
  return null;
}

function isLibrary(name: string, c: ContractInfo, model: FileModel): boolean {
  return (
    model.contracts.some((k) => k.name === name && k.kind === 'library') ||
    /^(SafeMath|SafeERC20|Address|Math|Strings|ECDSA)$/.test(name) ||
    c.linear.some((b) => b.name === name)
  );
}

export function classify(call: Node, f: FunctionInfo, model: FileModel): CallSite {
  const shape = callShape(call);
  const none = (kind: CallKind): CallSite => ({ shape, kind, sendsEth: false, reentrant: false, target: shape.base });
  if (!shape.base) return none(shape.name && lookupFunction(f.contract, shape.name) ? 'internal' : 'other');
  const member = shape.member ?? '';
  if ((member === 'transfer' || member === 'send') && shape.args.length === 1) {
    return {
      shape,
      kind: member === 'send' ? 'eth-send' : 'eth-transfer',
      sendsEth: true,
      reentrant: false,
      target: shape.base,
    };
  }
  if (LOW_LEVEL.has(member)) {
    return {
      shape,
      kind: 'low-level',
      sendsEth: !!shape.value && !isZero(shape.value),
      reentrant: member !== 'staticcall',
      target: shape.base,
    };
  }
  if (ARRAY_MEMBERS.has(member)) return none('other');
  if (attachedLibraryFunction(member, f.contract, model)) return none('internal');
  const base = stripCasts(shape.base);
  if (base.type === 'Identifier' && (NON_CONTRACT_BASES.has(base.name) || isLibrary(base.name, f.contract, model)))
    return none('other');
  if (isIdent(shape.base, 'this')) return none('other');
  const type = typeOf(shape.base, f);
  if (
    type &&
    (ELEMENTARY.test(type) || type.startsWith('mapping') || type.endsWith(']') || f.contract.structs.has(type))
  ) {
    // `using Lib for address` style calls and members of elementary values are not external calls.
    return none('other');
  }
  if (!type && base.type !== 'FunctionCall' && base.type !== 'Identifier' && base.type !== 'IndexAccess')
    return none('other');
  if (!type && base.type === 'Identifier') return none('other');
  return { shape, kind: 'contract', sendsEth: !!shape.value, reentrant: true, target: shape.base };
}

function attachedLibraryFunction(member: string, c: ContractInfo, model: FileModel): boolean {
  const libraries = c.linear.flatMap((b) => b.usingFor);
  return libraries.some((name) => {
    const lib = model.contracts.find((k) => k.name === name && k.kind === 'library');
    if (lib) return lib.functions.some((g) => g.name === member);
    return /^(SafeERC20|SafeTransferLib|TransferHelper|Address)$/.test(name) && /^(safe|function|send)/i.test(member);
  });
}

function isZero(n: Node): boolean {
  return n.type === 'NumberLiteral' && Number(n.number) === 0;
}

/** Every call site of a function body, classified, in source order. */
export function callSites(f: FunctionInfo, model: FileModel): CallSite[] {
  const out: CallSite[] = [];
  walk(
    f.node.body,
    (n) => {
      if (n.type === 'FunctionCall') {
        const site = classify(n, f, model);
        // `.value(x)` / `.gas(g)` wrappers are visited too; report the outer call only.
        if (site.shape.call === n && !isWrapper(n)) out.push(site);
      }
    },
    model.budget,
  );
  return out;
}

function isWrapper(n: Node): boolean {
  return (
    n.expression?.type === 'MemberAccess' &&
    (n.expression.memberName === 'value' || n.expression.memberName === 'gas') &&
    n.arguments?.length === 1 &&
    n.expression.expression?.type === 'MemberAccess' &&
    LOW_LEVEL.has(n.expression.expression.memberName)
  );
}

export function inLoop(ancestors: readonly Node[]): Node | undefined {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i];
    if (a.type === 'ForStatement' || a.type === 'WhileStatement' || a.type === 'DoWhileStatement') return a;
    if (a.type === 'FunctionDefinition') return undefined;
  }
  return undefined;
}
