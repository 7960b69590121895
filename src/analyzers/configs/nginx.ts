import { finding, RPC_PORTS, type ConfigFinding, type ConfigReport } from './common.js';

export interface Directive {
  name: string;
  args: string[];
  line: number;
  file?: string;
  block?: Directive[];
}

const MAX_DEPTH = 32;

/**
 * Tokenises nginx configuration (a single file, or `nginx -T` output where each file is
 * introduced by `# configuration file PATH:`), keeping every directive's file and line.
 */
export function parseNginx(text: string): Directive[] {
  const root: Directive[] = [];
  const stack: Directive[][] = [root];
  let words: string[] = [];
  let wordLine = 0;
  let file: string | undefined;
  let fileLineBase = 0;
  let line = 1;
  let i = 0;
  const n = text.length;
  const localLine = () => line - fileLineBase;
  const push = (block: boolean) => {
    if (!words.length) return;
    const d: Directive = { name: words[0], args: words.slice(1), line: wordLine, file };
    stack[stack.length - 1].push(d);
    if (block) {
      d.block = [];
      if (stack.length > MAX_DEPTH) throw new Error(`nginx configuration nested deeper than ${MAX_DEPTH} levels`);
      stack.push(d.block);
    }
    words = [];
  };
  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '#') {
      const end = text.indexOf('\n', i);
      const comment = text.slice(i, end < 0 ? n : end);
      const marker = /^# configuration file (.+):\s*$/.exec(comment);
      if (marker) {
        file = marker[1];
        fileLineBase = line;
        stack.length = 1;
        words = [];
      }
      i = end < 0 ? n : end;
    } else if (c === ';') {
      push(false);
      i++;
    } else if (c === '{') {
      push(true);
      i++;
    } else if (c === '}') {
      push(false);
      if (stack.length > 1) stack.pop();
      i++;
    } else {
      if (!words.length) wordLine = localLine();
      let w = '';
      if (c === '"' || c === "'") {
        i++;
        while (i < n && text[i] !== c) {
          if (text[i] === '\\' && i + 1 < n) i++;
          if (text[i] === '\n') line++;
          w += text[i++];
        }
        i++;
      } else {
        while (i < n && !/[\s;{}]/.test(text[i])) w += text[i++];
      }
      words.push(w);
    }
  }
  return root;
}

function* walk(ds: Directive[], parents: Directive[] = []): Generator<{ d: Directive; parents: Directive[] }> {
  for (const d of ds) {
    yield { d, parents };
    if (d.block) yield* walk(d.block, [...parents, d]);
  }
}

/** The value a directive takes in a context: the nearest definition walking up, nginx's inheritance. */
function effective(name: string, chain: Directive[], root: Directive[]): Directive | undefined {
  for (let k = chain.length - 1; k >= 0; k--) {
    const found = chain[k].block?.find((d) => d.name === name);
    if (found) return found;
  }
  return root.find((d) => d.name === name);
}

const text = (d: Directive) => `${d.name} ${d.args.join(' ')}`.trim();
const place = (d: Directive | undefined, key?: string) =>
  d ? { setting: text(d), line: d.line, file: d.file, key } : { key };

const WEAK_PROTOCOLS = ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1'];
const WEAK_CIPHER = /(^|:)(?!!)[^:]*(RC4|DES|MD5|NULL|EXPORT|aNULL|eNULL|PSK|SRP)/i;
const HEADERS = ['strict-transport-security', 'x-content-type-options', 'x-frame-options', 'content-security-policy'];
const RPC_PATH = /rpc|jsonrpc|eth|geth|node|ws$/i;

export function auditNginx(conf: string): ConfigReport {
  const root = parseNginx(conf);
  const out: ConfigFinding[] = [];
  const all = [...walk(root)];
  const http = all.find((x) => x.d.name === 'http')?.d;
  const servers = all
    .filter((x) => x.d.name === 'server' && x.parents.some((p) => p.name === 'http'))
    .map((x) => ({ server: x.d, chain: [...x.parents, x.d] }));
  if (!http && !servers.length && !all.some((x) => x.d.name === 'server')) {
    return {
      format: 'nginx',
      findings: [
        finding(
          'nginx.parse',
          'error',
          'info',
          'no http or server block found',
          'Audit the full effective configuration (`nginx -T`).',
        ),
      ],
    };
  }
  const serverList = servers.length
    ? servers
    : all.filter((x) => x.d.name === 'server').map((x) => ({ server: x.d, chain: [...x.parents, x.d] }));

  const tokens = all.filter((x) => x.d.name === 'server_tokens');
  const tokensOn = tokens.filter((x) => x.d.args[0] !== 'off');
  if (!tokens.length)
    out.push(
      finding(
        'nginx.server-tokens',
        'fail',
        'low',
        'server_tokens is not set, so every response and error page names the nginx version',
        'Add `server_tokens off;` to the http block.',
        { setting: 'server_tokens on (nginx default)' },
      ),
    );
  else if (tokensOn.length)
    for (const t of tokensOn)
      out.push(
        finding(
          'nginx.server-tokens',
          'fail',
          'low',
          'the nginx version is disclosed',
          'Set `server_tokens off;`.',
          place(t.d, `${t.d.file}:${t.d.line}`),
        ),
      );
  else out.push(finding('nginx.server-tokens', 'pass', 'info', 'server_tokens off', '', place(tokens[0].d)));

  for (const { server, chain } of serverList) {
    const where = `${server.file ?? ''}:${server.line}`;
    const listens = server.block?.filter((d) => d.name === 'listen') ?? [];
    const tls =
      listens.some((l) => l.args.includes('ssl') || l.args.includes('quic')) ||
      effective('ssl', chain, root)?.args[0] === 'on';
    if (tls) {
      const protocols = effective('ssl_protocols', chain, root);
      const weak = protocols ? protocols.args.filter((p) => WEAK_PROTOCOLS.includes(p)) : ['TLSv1', 'TLSv1.1'];
      if (weak.length)
        out.push(
          finding(
            'nginx.tls-protocols',
            'fail',
            'medium',
            `TLS server accepts ${weak.join(', ')}`,
            'Set `ssl_protocols TLSv1.2 TLSv1.3;`.',
            protocols
              ? place(protocols, where)
              : {
                  setting: 'ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3 (nginx 1.22 default)',
                  line: server.line,
                  file: server.file,
                  key: where,
                },
          ),
        );
      else
        out.push(
          finding(
            'nginx.tls-protocols',
            'pass',
            'info',
            `TLS protocols ${protocols!.args.join(' ')}`,
            '',
            place(protocols, where),
          ),
        );
      const ciphers = effective('ssl_ciphers', chain, root);
      if (ciphers && WEAK_CIPHER.test(ciphers.args.join(':')))
        out.push(
          finding(
            'nginx.tls-ciphers',
            'fail',
            'medium',
            `weak cipher suites enabled: ${ciphers.args.join(' ')}`,
            'Use `ssl_ciphers HIGH:!aNULL:!MD5:!RC4:!3DES;` or the Mozilla intermediate list.',
            place(ciphers, where),
          ),
        );
      else
        out.push(
          finding(
            'nginx.tls-ciphers',
            'pass',
            'info',
            ciphers ? `ssl_ciphers ${ciphers.args.join(' ')}` : 'nginx default ciphers (HIGH:!aNULL:!MD5)',
            '',
            ciphers ? place(ciphers, where) : { key: where },
          ),
        );
    }
    const present = new Set<string>();
    for (const level of [root, ...chain.map((c) => c.block ?? [])]) {
      const adds = level.filter((d) => d.name === 'add_header');
      if (adds.length) {
        present.clear();
        for (const a of adds) present.add(a.args[0]?.toLowerCase());
      }
    }
    const wanted = HEADERS.filter((h) => (h === 'strict-transport-security' ? tls : true));
    const missing = wanted.filter(
      (h) =>
        !present.has(h) &&
        !(h === 'x-frame-options' && present.has('content-security-policy')) &&
        !(h === 'content-security-policy' && present.has('x-frame-options')),
    );
    const name = server.block?.find((d) => d.name === 'server_name')?.args.join(' ') ?? '';
    if (missing.length)
      out.push(
        finding(
          'nginx.security-headers',
          'warn',
          'low',
          `server ${name || `at line ${server.line}`} sends no ${missing.join(', ')}`,
          `Add e.g. ${missing.map((h) => `\`add_header ${h} …;\``).join(', ')} (add_header in a block replaces all inherited ones).`,
          { line: server.line, file: server.file, setting: `server { server_name ${name}; }`, key: where },
        ),
      );
    else
      out.push(
        finding('nginx.security-headers', 'pass', 'info', `server ${name} sets ${wanted.join(', ')}`, '', {
          line: server.line,
          file: server.file,
          key: where,
        }),
      );
  }

  for (const { d } of all.filter((x) => x.d.name === 'autoindex' && x.d.args[0] === 'on'))
    out.push(
      finding(
        'nginx.autoindex',
        'fail',
        'medium',
        'directory listing is enabled',
        'Set `autoindex off;` — listings expose backups, keystores and configuration files.',
        place(d, `${d.file}:${d.line}`),
      ),
    );

  for (const { d, parents } of all.filter((x) => x.d.name === 'location')) {
    const proxy = d.block?.find((x) => x.name === 'proxy_pass');
    if (!proxy) continue;
    const upstream = proxy.args[0] ?? '';
    const port = Number(/:(\d+)(\/|$)/.exec(upstream)?.[1]);
    const path = d.args[d.args.length - 1] ?? '';
    const rpc = RPC_PORTS[port] ?? (RPC_PATH.test(path) ? 'an RPC-like path' : undefined);
    if (!rpc) continue;
    const chain = [...parents, d];
    const auth = ['auth_basic', 'auth_request', 'auth_jwt', 'satisfy']
      .map((k) => effective(k, chain, root))
      .find((x) => x && x.args[0] !== 'off');
    const deny = chain.some((c) => c.block?.some((x) => x.name === 'deny' && x.args[0] === 'all'));
    if (auth || deny)
      out.push(
        finding(
          'nginx.rpc-proxy-auth',
          'pass',
          'info',
          `proxied ${rpc} at ${path} requires ${auth ? auth.name : 'an allow-list'}`,
          '',
          place(d, `${d.file}:${d.line}`),
        ),
      );
    else
      out.push(
        finding(
          'nginx.rpc-proxy-auth',
          'fail',
          'high',
          `location ${path} proxies ${rpc} (${upstream}) with no authentication or allow-list`,
          'Add `auth_basic` / `auth_request`, or `allow <trusted-cidr>; deny all;` to the location.',
          place(d, `${d.file}:${d.line}`),
        ),
      );
  }
  return { format: 'nginx', findings: out };
}
