/**
 * Masks a secret for display: enough of the edges to recognise it, never enough to use it.
 * Short secrets show nothing at all.
 */
export function maskSecret(secret: string): string {
  const s = secret.trim();
  if (s.length <= 8) return '*'.repeat(Math.max(s.length, 4));
  const keep = s.length >= 24 ? 4 : 2;
  return `${s.slice(0, keep)}${'*'.repeat(Math.min(s.length - 2 * keep, 16))}${s.slice(-keep)}`;
}

/** Masks userinfo and well-known key-bearing query parameters and path segments of a URL. */
export function maskUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return raw;
  }
  if (u.password) u.password = maskSecret(decodeURIComponent(u.password));
  for (const key of [...u.searchParams.keys()]) {
    if (/key|token|secret|auth|pass|sig/i.test(key)) u.searchParams.set(key, maskSecret(u.searchParams.get(key) ?? ''));
  }
  u.pathname = u.pathname
    .split('/')
    .map((seg) => (/^[A-Za-z0-9_-]{24,}$/.test(seg) ? maskSecret(seg) : seg))
    .join('/');
  return u.toString();
}
