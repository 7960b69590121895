import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

export const TOKEN_PREFIX = 'cat_';

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A random secret in URL-safe base64. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** A record id: a prefix naming the kind, then 96 random bits (from the runtime's pooled UUID entropy). */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
}

/** An API token: recognisable by its prefix (secret scanners, logs), 256 random bits after it. */
export function newApiToken(): { token: string; prefix: string; hash: string } {
  const token = `${TOKEN_PREFIX}${randomSecret(32)}`;
  return { token, prefix: token.slice(0, TOKEN_PREFIX.length + 8), hash: sha256Hex(token) };
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
