import { FORMAT_BY_ID, FORMATS } from './formats.js';

/**
 * The error classifier as data: classes with the functions that raise them (Table 9 of the
 * evaluation method) and per-client rules (reject reasons, messages, error markers). The catalog's
 * error-audit.yaml holds the built-in ones; a user adds rules for a fork beside them. This module
 * only knows the shape, not where the data comes from.
 */
export interface ErrorRuleData {
  classes: { id: string; functions: string[] }[];
  rules: {
    client: string;
    extends?: string;
    formats?: string[];
    markers: string[];
    reasons: Record<string, string[]>;
    messages: Record<string, string[]>;
    file?: string;
  }[];
}

export interface ClientRules {
  client: string;
  formats: Set<string>;
  markers: Set<string>;
  /** Reject reasons spelled out in full, and families (`bad-txns-*`) by their prefix. */
  reasonExact: Map<string, string>;
  reasonFamilies: Map<string, string>;
  messages: Map<string, string>;
}

export interface CompiledErrorRules {
  clients: ClientRules[];
  /** Table 9 function names (without parentheses) and their class. */
  functions: Map<string, string>;
  /** Every literal the error rules need found: reasons, families, messages, markers. */
  anchors: Set<string>;
}

/** Resolves `extends`, checks formats, and indexes the rules for the line classifier. */
export function compileErrorRules(data: ErrorRuleData): CompiledErrorRules {
  const byClient = new Map<string, ErrorRuleData['rules'][number][]>();
  for (const r of data.rules) byClient.set(r.client, [...(byClient.get(r.client) ?? []), r]);
  const resolve = (client: string, seen: Set<string>): ErrorRuleData['rules'] => {
    if (seen.has(client)) throw new Error(`error rules: ${[...seen, client].join(' → ')} extend each other in a loop`);
    const own = byClient.get(client) ?? [];
    const parents = own.flatMap((r) => (r.extends ? resolve(r.extends, new Set([...seen, client])) : []));
    return [...parents, ...own];
  };
  const clients: ClientRules[] = [];
  const anchors = new Set<string>();
  for (const client of byClient.keys()) {
    const all = resolve(client, new Set());
    const formats = new Set(all.flatMap((r) => r.formats ?? []));
    for (const f of formats) {
      if (!FORMAT_BY_ID.has(f)) {
        const file = all.find((r) => r.formats?.includes(f))?.file;
        throw new Error(
          `${file ?? 'error rules'}: client ${client} names unknown log format "${f}" (known: ${FORMATS.map((x) => x.id).join(', ')})`,
        );
      }
    }
    const reasonExact = new Map<string, string>();
    const reasonFamilies = new Map<string, string>();
    const messages = new Map<string, string>();
    for (const r of all) {
      for (const [classId, list] of Object.entries(r.reasons)) {
        for (const reason of list) {
          if (reason.endsWith('*')) reasonFamilies.set(reason.slice(0, -1), classId);
          else reasonExact.set(reason, classId);
          anchors.add(reason.endsWith('*') ? reason.slice(0, -1) : reason);
        }
      }
      for (const [classId, list] of Object.entries(r.messages)) {
        for (const m of list) {
          messages.set(m, classId);
          anchors.add(m);
        }
      }
      for (const m of r.markers) anchors.add(m);
    }
    clients.push({
      client,
      formats,
      markers: new Set(all.flatMap((r) => r.markers)),
      reasonExact,
      reasonFamilies,
      messages,
    });
  }
  // Rules loaded later (a user's, for a fork) are asked first, so they can refine the built-in ones.
  clients.reverse();
  for (const a of anchors) {
    if (a.length < 3) throw new Error(`error rules: "${a}" is shorter than three characters`);
  }
  const functions = new Map<string, string>();
  for (const c of data.classes) for (const f of c.functions) if (f.length >= 4) functions.set(f, c.id);
  return { clients, functions, anchors };
}

const TOKEN_CHAR = /[A-Za-z0-9_-]/;

function isTokenChar(ch: string | undefined): boolean {
  return ch !== undefined && TOKEN_CHAR.test(ch);
}

/** Whether `literal` at `at` in `text` stands on its own: no letter, digit, `_` or `-` glued to its edges. */
function bounded(text: string, at: number, literal: string, open: boolean): boolean {
  const before = text[at - 1];
  const first = literal[0];
  if (TOKEN_CHAR.test(first) && isTokenChar(before)) return false;
  if (open) return true;
  const last = literal[literal.length - 1];
  return !(TOKEN_CHAR.test(last) && isTokenChar(text[at + literal.length]));
}

export interface ErrorVerdict {
  classId: string;
  /** The reject reason, message or function that decided, or `error level` / the marker. */
  by: 'reason' | 'message' | 'function' | 'marker';
  token: string;
}

/**
 * Classifies one message of a client family: by the first reject reason it carries, else the first
 * message, else (when marked as an error, and `fallback`) by the Table 9 function it names, else
 * `other`. `present` holds the anchors the prefilter found in the line. A blank message (an error
 * record whose text follows on continuation lines) is left to those lines.
 */
export function classifyError(
  rules: CompiledErrorRules,
  client: ClientRules,
  message: string,
  present: Iterable<string>,
  markedByLevel: boolean,
  fallback = true,
): ErrorVerdict | undefined {
  if (message.trim() === '') return undefined;
  // The earliest reason decides; at the same place the longer literal (bad-txns- over bad-).
  let reason: ErrorVerdict | undefined;
  let reasonAt = Infinity;
  let reasonLength = 0;
  let said: ErrorVerdict | undefined;
  let saidAt = Infinity;
  let marker: string | undefined;
  for (const literal of present) {
    const family = client.reasonFamilies.get(literal);
    const exact = client.reasonExact.get(literal);
    if (family !== undefined || exact !== undefined) {
      for (let at = message.indexOf(literal); at >= 0 && at <= reasonAt; at = message.indexOf(literal, at + 1)) {
        if (!bounded(message, at, literal, family !== undefined)) continue;
        if (at === reasonAt && literal.length <= reasonLength) break;
        let token = literal;
        let classId = exact ?? family!;
        if (family !== undefined) {
          let end = at + literal.length;
          while (end < message.length && isTokenChar(message[end])) end++;
          token = message.slice(at, end);
          classId = client.reasonExact.get(token) ?? family;
        }
        reason = { classId, by: 'reason', token };
        reasonAt = at;
        reasonLength = literal.length;
        break;
      }
    }
    const messageClass = client.messages.get(literal);
    if (messageClass !== undefined) {
      const at = message.indexOf(literal);
      if (at >= 0 && at < saidAt && bounded(message, at, literal, false)) {
        said = { classId: messageClass, by: 'message', token: literal };
        saidAt = at;
      }
    }
    if (marker === undefined && client.markers.has(literal) && message.includes(literal)) marker = literal;
  }
  if (reason) return reason;
  if (said || !fallback) return said;
  if (!marker && !markedByLevel) return undefined;
  const fn = functionNamed(rules, message);
  if (fn) return { classId: fn[1], by: 'function', token: fn[0] };
  return { classId: 'other', by: 'marker', token: marker ?? 'error level' };
}

const FUNCTION_CALL = /(?<![A-Za-z0-9_:])([A-Z][A-Za-z0-9_]{3,})(?:\(\)|\(|:(?!:))/g;

/** The first Table 9 function the message names the way C++ logs name them: `Name:` or `Name(`. */
function functionNamed(rules: CompiledErrorRules, message: string): [string, string] | undefined {
  FUNCTION_CALL.lastIndex = 0;
  for (let m = FUNCTION_CALL.exec(message); m; m = FUNCTION_CALL.exec(message)) {
    const classId = rules.functions.get(m[1]);
    if (classId) return [m[1], classId];
  }
  return undefined;
}
