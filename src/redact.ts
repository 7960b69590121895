import { readTextFileSync } from './clients/files.js';
import { resolve } from 'node:path';
import { maskSecret } from './mask.js';
import { resolveCredential } from './scope/credentials.js';
import type { CredentialRef, Scope } from './scope/schema.js';

/** Shorter values would match ordinary text; they are never shown anyway (maskSecret hides them whole). */
const MIN_REDACTED_LENGTH = 4;

/**
 * Replaces known credential values wherever they appear in what the run writes. A target can echo a
 * token back (an error page quoting the Authorization header): masking by pattern would miss it,
 * masking by value cannot.
 */
export class Redactor {
  private readonly values: string[] = [];

  add(value: string | undefined): void {
    if (!value || value.length < MIN_REDACTED_LENGTH || this.values.includes(value)) return;
    this.values.push(value);
    this.values.sort((a, b) => b.length - a.length);
  }

  get size(): number {
    return this.values.length;
  }

  text(s: string): string {
    let out = s;
    for (const v of this.values) if (out.includes(v)) out = out.split(v).join(maskSecret(v));
    return out;
  }

  /** A deep copy with every string redacted. */
  deep<T>(value: T): T {
    if (this.values.length === 0) return value;
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return this.text(v);
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
      return v;
    };
    return walk(value) as T;
  }
}

function refs(value: unknown, out: CredentialRef[] = []): CredentialRef[] {
  if (Array.isArray(value)) for (const v of value) refs(v, out);
  else if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'env' || keys[0] === 'file')) out.push(value as CredentialRef);
    else for (const v of Object.values(value)) refs(v, out);
  }
  return out;
}

/** Every credential the scope references, and the forms it travels in (HTTP Basic, cookie files). */
export function redactorFor(scope: Scope): Redactor {
  const r = new Redactor();
  for (const t of scope.targets) {
    const secrets: string[] = [];
    for (const ref of refs(t)) {
      try {
        secrets.push(resolveCredential(ref, scope.dir));
      } catch {
        // an unresolvable reference fails the check that needs it; nothing to redact
      }
    }
    const auth = 'auth' in t ? (t.auth as { user?: string; cookieFile?: string } | undefined) : undefined;
    if (auth?.cookieFile) {
      try {
        secrets.push(readTextFileSync(resolve(scope.dir, auth.cookieFile), { maxBytes: 1024 }).trim());
      } catch {
        // unreadable cookie: the node checks report it
      }
    }
    for (const s of secrets) {
      r.add(s);
      const pair = s.includes(':') ? s : `${auth?.user ?? ''}:${s}`;
      r.add(Buffer.from(pair).toString('base64'));
      r.add(encodeURIComponent(s));
      const colon = s.indexOf(':');
      if (auth?.cookieFile && colon > 0) r.add(s.slice(colon + 1));
    }
  }
  return r;
}
