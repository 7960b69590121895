/** Set-Cookie parsing (RFC 6265bis attributes and the __Secure-/__Host- prefixes). */

export interface Cookie {
  name: string;
  secure: boolean;
  httpOnly: boolean;
  /** Lower-case value of SameSite, or undefined when absent. */
  sameSite?: string;
  path?: string;
  domain?: string;
  /** No Expires/Max-Age: dies with the browser session. */
  session: boolean;
  raw: string;
}

export function parseSetCookie(line: string): Cookie | undefined {
  const [pair, ...attrs] = line.split(';');
  const eq = pair.indexOf('=');
  if (eq <= 0) return undefined;
  const name = pair.slice(0, eq).trim();
  const c: Cookie = { name, secure: false, httpOnly: false, session: true, raw: line.slice(0, 300) };
  for (const a of attrs) {
    const [k, ...v] = a.split('=');
    const key = k.trim().toLowerCase();
    const value = v.join('=').trim();
    if (key === 'secure') c.secure = true;
    else if (key === 'httponly') c.httpOnly = true;
    else if (key === 'samesite') c.sameSite = value.toLowerCase();
    else if (key === 'path') c.path = value;
    else if (key === 'domain') c.domain = value;
    else if (key === 'expires' || key === 'max-age') c.session = false;
  }
  return c;
}

/** Names that carry a login session or an API token (same heuristics as the MDN HTTP Observatory). */
export function isSessionCookie(c: Cookie): boolean {
  return /sess|sid|login|auth|token|jwt|user|remember|^id$/i.test(c.name);
}

export function isAntiCsrfCookie(c: Cookie): boolean {
  return /csrf|xsrf/i.test(c.name);
}

/** Prefix rules: __Secure- needs Secure; __Host- needs Secure, Path=/ and no Domain. */
export function prefixViolation(c: Cookie): string | undefined {
  if (c.name.startsWith('__Secure-') && !c.secure) return '__Secure- cookie without Secure';
  if (c.name.startsWith('__Host-') && (!c.secure || c.path !== '/' || c.domain))
    return '__Host- cookie without Secure, Path=/ or with Domain';
  return undefined;
}

export const SAMESITE_VALUES = ['strict', 'lax', 'none'];
