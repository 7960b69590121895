import { Parser } from 'htmlparser2';

/** What a page loads and submits, read from its HTML without running any of it. */
export interface PageScript {
  src?: string;
  integrity?: string;
  crossorigin?: string;
  nonce?: boolean;
  /** Length of inline code, for inline scripts. */
  inlineLength?: number;
}

export interface PageStylesheet {
  href: string;
  integrity?: string;
}

export interface FormInput {
  type: string;
  name: string;
  autocomplete?: string;
}

export interface PageForm {
  action: string;
  method: string;
  inputs: FormInput[];
}

export interface PageResource {
  tag: string;
  url: string;
  /** Active content can rewrite the page (scripts, styles, frames, plugins); passive only displays. */
  active: boolean;
}

export interface PageDocument {
  scripts: PageScript[];
  stylesheets: PageStylesheet[];
  resources: PageResource[];
  forms: PageForm[];
  metaCsp: string[];
  baseHref?: string;
  title?: string;
  /** Element count hit the bound; the rest was not read. */
  truncated: boolean;
}

const MAX_ELEMENTS = 5_000;

const PASSIVE: Record<string, string[]> = {
  img: ['src'],
  audio: ['src'],
  video: ['src', 'poster'],
  source: ['src'],
  track: ['src'],
};
const ACTIVE: Record<string, string[]> = {
  iframe: ['src'],
  frame: ['src'],
  object: ['data'],
  embed: ['src'],
};

export function parseHtml(html: string): PageDocument {
  const doc: PageDocument = { scripts: [], stylesheets: [], resources: [], forms: [], metaCsp: [], truncated: false };
  let elements = 0;
  let inScript: PageScript | undefined;
  let inTitle = false;
  let form: PageForm | undefined;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (++elements > MAX_ELEMENTS) {
          doc.truncated = true;
          parser.pause();
          return;
        }
        const a = (k: string) => attrs[k];
        switch (name) {
          case 'script': {
            const s: PageScript = {
              src: a('src'),
              integrity: a('integrity'),
              crossorigin: a('crossorigin'),
              nonce: a('nonce') !== undefined,
            };
            if (s.src) doc.scripts.push(s);
            else inScript = { ...s, inlineLength: 0 };
            if (s.src) doc.resources.push({ tag: 'script', url: s.src, active: true });
            break;
          }
          case 'link': {
            const rel = (a('rel') ?? '').toLowerCase().split(/\s+/);
            const href = a('href');
            if (!href) break;
            if (rel.includes('stylesheet')) {
              doc.stylesheets.push({ href, integrity: a('integrity') });
              doc.resources.push({ tag: 'link stylesheet', url: href, active: true });
            } else if (rel.includes('icon') || rel.includes('preload') || rel.includes('modulepreload'))
              doc.resources.push({ tag: `link ${rel.join(' ')}`, url: href, active: rel.includes('modulepreload') });
            break;
          }
          case 'form':
            form = { action: a('action') ?? '', method: (a('method') ?? 'get').toLowerCase(), inputs: [] };
            doc.forms.push(form);
            break;
          case 'input':
          case 'textarea': {
            const input = {
              type: (name === 'textarea' ? 'textarea' : (a('type') ?? 'text')).toLowerCase(),
              name: a('name') ?? a('id') ?? a('placeholder') ?? '',
              autocomplete: a('autocomplete'),
            };
            (form ?? doc.forms[doc.forms.length - 1])?.inputs.push(input);
            // An input outside any form still takes a password or key; record it as a form without action.
            if (!form && !doc.forms.length) doc.forms.push({ action: '', method: 'script', inputs: [input] });
            break;
          }
          case 'meta':
            if ((a('http-equiv') ?? '').toLowerCase() === 'content-security-policy' && a('content'))
              doc.metaCsp.push(a('content')!);
            break;
          case 'base':
            if (a('href') && !doc.baseHref) doc.baseHref = a('href');
            break;
          case 'title':
            inTitle = true;
            break;
          default: {
            for (const [table, active] of [
              [PASSIVE, false],
              [ACTIVE, true],
            ] as const) {
              for (const attr of table[name] ?? []) {
                const url = a(attr);
                if (url) doc.resources.push({ tag: name, url, active });
              }
            }
          }
        }
      },
      ontext(text) {
        if (inScript) inScript.inlineLength! += text.length;
        if (inTitle) doc.title = ((doc.title ?? '') + text).slice(0, 200);
      },
      onclosetag(name) {
        if (name === 'script' && inScript) {
          doc.scripts.push(inScript);
          inScript = undefined;
        }
        if (name === 'form') form = undefined;
        if (name === 'title') inTitle = false;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return doc;
}

/** Resolves a reference against the page (and its <base>); undefined for unparsable or non-network URLs. */
export function resolveUrl(ref: string, pageUrl: string, baseHref?: string): URL | undefined {
  try {
    const base = baseHref ? new URL(baseHref, pageUrl) : new URL(pageUrl);
    const u = new URL(ref.trim(), base);
    return /^(https?|wss?):$/.test(u.protocol) ? u : undefined;
  } catch {
    return undefined;
  }
}

const KEY_FIELD = /mnemonic|seed|private.?key|priv.?key|keystore|secret.?key|recovery.?phrase|助记词|私钥|密钥/i;

/** A field that takes a password, or a wallet secret (mnemonic, private key, keystore). */
export function sensitiveInputs(form: PageForm): FormInput[] {
  return form.inputs.filter((i) => i.type === 'password' || KEY_FIELD.test(i.name));
}
