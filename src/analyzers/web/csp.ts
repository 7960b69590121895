/** Content-Security-Policy parsing and the weaknesses that make a policy ineffective. */

export type Policy = Map<string, string[]>;

const KNOWN = new Set([
  'default-src',
  'script-src',
  'script-src-elem',
  'script-src-attr',
  'style-src',
  'style-src-elem',
  'style-src-attr',
  'img-src',
  'connect-src',
  'font-src',
  'object-src',
  'media-src',
  'frame-src',
  'child-src',
  'worker-src',
  'manifest-src',
  'prefetch-src',
  'base-uri',
  'form-action',
  'frame-ancestors',
  'navigate-to',
  'sandbox',
  'report-uri',
  'report-to',
  'upgrade-insecure-requests',
  'block-all-mixed-content',
  'require-trusted-types-for',
  'trusted-types',
  'require-sri-for',
  'plugin-types',
  'fenced-frame-src',
  'webrtc',
]);

export interface ParsedPolicy {
  policy: Policy;
  /** Duplicate or unknown directives, malformed tokens. */
  problems: string[];
}

/** Several policies (several headers, or a comma-joined header) are each parsed; the browser enforces all. */
export function parseCsp(header: string): ParsedPolicy[] {
  return header
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((text) => {
      const policy: Policy = new Map();
      const problems: string[] = [];
      for (const part of text.split(';')) {
        const tokens = part.trim().split(/\s+/).filter(Boolean);
        if (!tokens.length) continue;
        const name = tokens[0].toLowerCase();
        if (!/^[a-z-]+$/.test(name)) {
          problems.push(`malformed directive "${tokens[0].slice(0, 40)}"`);
          continue;
        }
        if (!KNOWN.has(name)) problems.push(`unknown directive ${name}`);
        if (policy.has(name)) {
          problems.push(`duplicate directive ${name} (the second is ignored)`);
          continue;
        }
        policy.set(
          name,
          tokens.slice(1).map((t) => (t.startsWith("'") ? t.toLowerCase() : t)),
        );
      }
      return { policy, problems };
    });
}

/** The sources a fetch of this kind obeys: the directive, else its fallbacks, else anything. */
export function effectiveSources(policy: Policy, directive: string): string[] | undefined {
  const chain: Record<string, string[]> = {
    'script-src-elem': ['script-src-elem', 'script-src', 'default-src'],
    'script-src': ['script-src', 'default-src'],
    'style-src-elem': ['style-src-elem', 'style-src', 'default-src'],
    'style-src': ['style-src', 'default-src'],
    'object-src': ['object-src', 'default-src'],
    'img-src': ['img-src', 'default-src'],
    'frame-src': ['frame-src', 'child-src', 'default-src'],
    'connect-src': ['connect-src', 'default-src'],
    'media-src': ['media-src', 'default-src'],
    'font-src': ['font-src', 'default-src'],
  };
  for (const d of chain[directive] ?? [directive]) if (policy.has(d)) return policy.get(d);
  return undefined;
}

const BROAD = new Set(['*', 'http:', 'https:', 'data:', 'blob:', 'ftp:', 'ws:', 'wss:', 'filesystem:']);
const INSECURE_SCHEMES = /^(http:|ftp:|ws:)/i;

export interface CspFindings {
  /** script-src allows inline script without a nonce, hash or strict-dynamic. */
  unsafeInline: boolean;
  unsafeInlineStyleOnly: boolean;
  unsafeEval: boolean;
  /** script-src or object-src allows any host or a whole scheme (*, https:, data: …). */
  broadScriptSource: string[];
  /** Active content allowed over http:/ftp:/ws:. */
  insecureActive: string[];
  /** Passive content only (images, media) allowed over an insecure scheme. */
  insecurePassive: string[];
  defaultNone: boolean;
  objectRestricted: boolean;
  baseUriRestricted: boolean;
  frameAncestors?: string[];
  strictDynamic: boolean;
}

function hasNonceOrHash(sources: string[]): boolean {
  return sources.some((s) => /^'(nonce-|sha(256|384|512)-)/.test(s));
}

export function analyzeCsp(policy: Policy): CspFindings {
  const script = effectiveSources(policy, 'script-src') ?? ['*'];
  const style = effectiveSources(policy, 'style-src') ?? ['*'];
  const object = effectiveSources(policy, 'object-src') ?? ['*'];
  const strictDynamic = script.includes("'strict-dynamic'");
  const inlineAllowed = (src: string[]) =>
    (src.includes("'unsafe-inline'") && !hasNonceOrHash(src) && !src.includes("'strict-dynamic'")) ||
    src.includes('data:');
  const broadScriptSource = strictDynamic
    ? []
    : [...new Set([...script, ...object].filter((s) => BROAD.has(s) || s === '*' || /^\*$|^https?:\/\/\*$/.test(s)))];
  const active = ['script-src', 'object-src', 'style-src', 'frame-src', 'connect-src', 'font-src'];
  const passive = ['img-src', 'media-src'];
  const insecureIn = (directives: string[]) =>
    [
      ...new Set(
        directives.flatMap((d) => (effectiveSources(policy, d) ?? []).filter((s) => INSECURE_SCHEMES.test(s))),
      ),
    ].filter(Boolean);
  const insecureActive = insecureIn(active);
  const insecurePassive = insecureActive.length ? [] : insecureIn(passive);
  const unsafeInline = inlineAllowed(script) || broadScriptSource.length > 0;
  return {
    unsafeInline,
    unsafeInlineStyleOnly: !unsafeInline && inlineAllowed(style),
    unsafeEval: script.includes("'unsafe-eval'") || object.includes("'unsafe-eval'"),
    broadScriptSource,
    insecureActive,
    insecurePassive,
    defaultNone: (policy.get('default-src') ?? []).join(' ') === "'none'",
    objectRestricted: object.join(' ') === "'none'",
    baseUriRestricted: policy.has('base-uri') && !(policy.get('base-uri') ?? []).includes('*'),
    frameAncestors: policy.get('frame-ancestors'),
    strictDynamic,
  };
}

/** Would this CSP source list let the browser load `url` (from a page at `pageUrl`)? */
export function sourceAllows(sources: string[] | undefined, url: URL, pageUrl: URL): boolean {
  if (!sources) return true;
  if (sources.includes("'none'") && sources.length === 1) return false;
  for (const s of sources) {
    if (s === '*') {
      if (/^(https?|wss?):$/.test(url.protocol)) return true;
      continue;
    }
    if (s === "'self'") {
      if (url.origin === pageUrl.origin) return true;
      continue;
    }
    if (s.startsWith("'")) continue;
    if (/^[a-z][a-z0-9+.-]*:$/i.test(s)) {
      if (url.protocol === s.toLowerCase() || (s.toLowerCase() === 'http:' && url.protocol === 'https:')) return true;
      continue;
    }
    const m = s.match(/^(?:([a-z][a-z0-9+.-]*):\/\/)?(\*\.)?([^/:]+|\*)(?::(\d+|\*))?(\/.*)?$/i);
    if (!m) continue;
    const [, scheme, wildcard, host, port, path] = m;
    if (scheme && url.protocol !== `${scheme.toLowerCase()}:` && !(scheme === 'http' && url.protocol === 'https:'))
      continue;
    if (!scheme && url.protocol !== pageUrl.protocol && !(pageUrl.protocol === 'http:' && url.protocol === 'https:'))
      continue;
    const h = url.hostname.toLowerCase();
    const want = host.toLowerCase();
    if (wildcard ? !h.endsWith(`.${want}`) : want !== '*' && h !== want) continue;
    const defaultPort = url.protocol === 'https:' ? '443' : '80';
    if (port !== '*' && (url.port || defaultPort) !== (port ?? defaultPort)) continue;
    if (path && !path.endsWith('/') && url.pathname !== path) continue;
    if (path && path.endsWith('/') && !url.pathname.startsWith(path)) continue;
    return true;
  }
  return false;
}
