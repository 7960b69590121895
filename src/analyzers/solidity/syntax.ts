/** Small readers over expression nodes shared by the model and the detectors. */
import type { Node } from './types.js';

export const ASSIGN_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '|=', '&=', '^=', '<<=', '>>=']);

export function isMember(n: Node | null | undefined, base: string, member: string): boolean {
  return (
    !!n &&
    n.type === 'MemberAccess' &&
    n.memberName === member &&
    n.expression?.type === 'Identifier' &&
    n.expression.name === base
  );
}

export function isIdent(n: Node | null | undefined, name?: string): boolean {
  return !!n && n.type === 'Identifier' && (name === undefined || n.name === name);
}

export function isMsgSender(n: Node | null | undefined): boolean {
  if (!n) return false;
  if (isMember(n, 'msg', 'sender')) return true;
  if (n.type === 'FunctionCall' && n.expression?.type === 'Identifier' && /^_?msgSender$/.test(n.expression.name))
    return true;
  if (n.type === 'FunctionCall' && isElementaryCast(n) && n.arguments.length === 1) return isMsgSender(n.arguments[0]);
  return false;
}

export function isTxOrigin(n: Node | null | undefined): boolean {
  return isMember(n, 'tx', 'origin');
}

/** `address(x)`, `uint(x)`, `payable(x)` and similar conversions. */
export function isElementaryCast(n: Node): boolean {
  const e = n.expression;
  return (
    n.type === 'FunctionCall' &&
    (e?.type === 'ElementaryTypeName' ||
      (e?.type === 'Identifier' && (e.name === 'payable' || e.name === 'address')) ||
      e?.type === 'TypeNameExpression')
  );
}

export function stripCasts(n: Node): Node {
  let cur = n;
  while (cur.type === 'FunctionCall' && isElementaryCast(cur) && cur.arguments.length === 1) cur = cur.arguments[0];
  while (cur.type === 'TupleExpression' && cur.components?.length === 1 && cur.components[0]) cur = cur.components[0];
  return cur;
}

export function isThis(n: Node | null | undefined): boolean {
  return !!n && isIdent(stripCasts(n), 'this');
}

/** `address(this).balance`, `this.balance`, `token.balanceOf(address(this))`. */
export function isOwnBalance(n: Node | null | undefined): boolean {
  if (!n) return false;
  if (n.type === 'MemberAccess' && n.memberName === 'balance' && isThis(n.expression)) return true;
  if (
    n.type === 'FunctionCall' &&
    n.expression?.type === 'MemberAccess' &&
    n.expression.memberName === 'balanceOf' &&
    n.arguments.length === 1 &&
    isThis(n.arguments[0])
  )
    return true;
  return false;
}

export interface CallShape {
  call: Node;
  /** The expression the member is called on (`addr` in `addr.call(...)`), when it is a member call. */
  base: Node | null;
  member: string | null;
  /** Plain function name for `f(...)` calls. */
  name: string | null;
  /** `{value: x}` or `.value(x)` argument. */
  value: Node | null;
  args: Node[];
}

/** Unwraps `.value(x)`, `.gas(g)` and `{value: x, gas: g}` around a call. */
export function callShape(call: Node): CallShape {
  let callee = call.expression;
  let value: Node | null = null;
  for (let guard = 0; guard < 8; guard++) {
    if (callee?.type === 'NameValueExpression') {
      const names: string[] = callee.arguments?.names ?? [];
      const args: Node[] = callee.arguments?.arguments ?? [];
      const i = names.indexOf('value');
      if (i >= 0) value = args[i];
      callee = callee.expression;
      continue;
    }
    if (
      callee?.type === 'FunctionCall' &&
      callee.expression?.type === 'MemberAccess' &&
      (callee.expression.memberName === 'value' || callee.expression.memberName === 'gas')
    ) {
      if (callee.expression.memberName === 'value') value = callee.arguments[0] ?? null;
      callee = callee.expression.expression;
      continue;
    }
    break;
  }
  if (callee?.type === 'MemberAccess')
    return { call, base: callee.expression, member: callee.memberName, name: null, value, args: call.arguments ?? [] };
  if (callee?.type === 'Identifier')
    return { call, base: null, member: null, name: callee.name, value, args: call.arguments ?? [] };
  return { call, base: null, member: null, name: null, value, args: call.arguments ?? [] };
}

export const LOW_LEVEL = new Set(['call', 'delegatecall', 'callcode', 'staticcall']);

export function typeText(t: Node | null | undefined): string {
  if (!t) return 'var';
  switch (t.type) {
    case 'ElementaryTypeName':
      return t.stateMutability === 'payable' ? 'address payable' : t.name;
    case 'UserDefinedTypeName':
      return t.namePath;
    case 'Mapping':
      return `mapping(${typeText(t.keyType)}=>${typeText(t.valueType)})`;
    case 'ArrayTypeName':
      return `${typeText(t.baseTypeName)}[${t.length ? 'n' : ''}]`;
    case 'FunctionTypeName':
      return 'function';
    default:
      return t.type;
  }
}

export function isRequireLike(n: Node): boolean {
  return (
    n.type === 'FunctionCall' &&
    n.expression?.type === 'Identifier' &&
    (n.expression.name === 'require' || n.expression.name === 'assert')
  );
}

export function isNumberLiteral(n: Node | null | undefined): boolean {
  if (!n) return false;
  const s = stripCasts(n);
  if (s.type === 'NumberLiteral' || s.type === 'HexNumber') return true;
  if (s.type === 'BinaryOperation' && s.operator === '**') return isNumberLiteral(s.left) && isNumberLiteral(s.right);
  if (s.type === 'UnaryOperation' && s.operator === '-') return isNumberLiteral(s.subExpression);
  return false;
}
