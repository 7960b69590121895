import { finding, isAllInterfaces, isLoopback, type ConfigFinding, type ConfigReport } from './common.js';
import { asList, get, parseTomlSource, tomlLine } from './structured.js';

interface Value<T> {
  value: T;
  setting: string;
  line?: number;
}

/** geth's node settings that matter for exposure, from a TOML config or a command line. */
interface GethSettings {
  http?: Value<boolean>;
  httpAddr?: Value<string>;
  httpApi?: Value<string[]>;
  httpCors?: Value<string[]>;
  httpVhosts?: Value<string[]>;
  ws?: Value<boolean>;
  wsAddr?: Value<string>;
  wsApi?: Value<string[]>;
  wsOrigins?: Value<string[]>;
  authAddr?: Value<string>;
  authVhosts?: Value<string[]>;
  insecureUnlock?: Value<boolean>;
  maxPeers?: Value<number>;
  noDiscovery?: Value<boolean>;
  netRestrict?: Value<string>;
}

const FLAG_ALIASES: Record<string, keyof GethSettings> = {
  http: 'http',
  rpc: 'http',
  'http.addr': 'httpAddr',
  rpcaddr: 'httpAddr',
  'http.api': 'httpApi',
  rpcapi: 'httpApi',
  'http.corsdomain': 'httpCors',
  rpccorsdomain: 'httpCors',
  'http.vhosts': 'httpVhosts',
  rpcvhosts: 'httpVhosts',
  ws: 'ws',
  'ws.addr': 'wsAddr',
  wsaddr: 'wsAddr',
  'ws.api': 'wsApi',
  wsapi: 'wsApi',
  'ws.origins': 'wsOrigins',
  wsorigins: 'wsOrigins',
  'authrpc.addr': 'authAddr',
  'authrpc.vhosts': 'authVhosts',
  'allow-insecure-unlock': 'insecureUnlock',
  maxpeers: 'maxPeers',
  nodiscover: 'noDiscovery',
  netrestrict: 'netRestrict',
};
const BOOLEAN_FLAGS = new Set(['http', 'rpc', 'ws', 'allow-insecure-unlock', 'nodiscover']);

/** Splits a command line into words (quotes respected, nothing evaluated). */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

export function gethFromFlags(text: string): GethSettings {
  const s: Record<string, Value<unknown>> = {};
  const lines = text.split(/\r?\n/);
  for (let li = 0; li < lines.length; li++) {
    const w = words(lines[li].replace(/\\$/, ''));
    for (let i = 0; i < w.length; i++) {
      const m = /^--?([a-z.-]+)(?:=(.*))?$/i.exec(w[i]);
      if (!m) continue;
      const name = m[1].toLowerCase();
      const key = FLAG_ALIASES[name];
      if (!key) continue;
      let raw = m[2];
      if (raw === undefined && !BOOLEAN_FLAGS.has(name)) raw = w[++i] ?? '';
      const setting = raw === undefined ? `--${name}` : `--${name} ${raw}`;
      let value: unknown;
      if (BOOLEAN_FLAGS.has(name)) value = raw === undefined ? true : !/^(false|0)$/i.test(raw);
      else if (key === 'maxPeers') value = Number(raw);
      else if (/Api|Cors|Vhosts|Origins/.test(key)) value = asList(raw);
      else value = raw;
      s[key] = { value, setting, line: li + 1 };
    }
  }
  return s as GethSettings;
}

export function gethFromToml(text: string, name: string): GethSettings {
  const t = parseTomlSource(text, name);
  const s: Record<string, Value<unknown>> = {};
  const put = (key: keyof GethSettings, section: string, tomlKey: string, conv: (v: unknown) => unknown) => {
    const v = get(t, [...section.split('.'), tomlKey]);
    if (v === undefined) return;
    s[key] = { value: conv(v), setting: `${tomlKey} = ${JSON.stringify(v)}`, line: tomlLine(text, section, tomlKey) };
  };
  put('httpAddr', 'Node', 'HTTPHost', String);
  put('httpApi', 'Node', 'HTTPModules', asList);
  put('httpCors', 'Node', 'HTTPCors', asList);
  put('httpVhosts', 'Node', 'HTTPVirtualHosts', asList);
  put('wsAddr', 'Node', 'WSHost', String);
  put('wsApi', 'Node', 'WSModules', asList);
  put('wsOrigins', 'Node', 'WSOrigins', asList);
  put('authAddr', 'Node', 'AuthAddr', String);
  put('authVhosts', 'Node', 'AuthVirtualHosts', asList);
  put('insecureUnlock', 'Node', 'InsecureUnlockAllowed', Boolean);
  put('maxPeers', 'Node.P2P', 'MaxPeers', Number);
  put('noDiscovery', 'Node.P2P', 'NoDiscovery', Boolean);
  put('netRestrict', 'Node.P2P', 'NetRestrict', String);
  if (s.httpAddr)
    s.http = { value: String(s.httpAddr.value) !== '', setting: s.httpAddr.setting, line: s.httpAddr.line };
  if (s.wsAddr) s.ws = { value: String(s.wsAddr.value) !== '', setting: s.wsAddr.setting, line: s.wsAddr.line };
  return s as GethSettings;
}

const DANGEROUS_APIS = ['personal', 'admin', 'debug', 'miner', 'clique', 'txpool', 'les'];
const at = (v: Value<unknown> | undefined, key?: string) => (v ? { setting: v.setting, line: v.line, key } : { key });

export function auditGeth(text: string, name = 'geth config'): ConfigReport {
  const isFlags = /(^|\s)--[a-z]/i.test(text) && !/^\s*\[/m.test(text);
  const s = isFlags ? gethFromFlags(text) : gethFromToml(text, name);
  const out: ConfigFinding[] = [];
  for (const [label, enabled, addr, api, origins] of [
    ['HTTP', s.http, s.httpAddr, s.httpApi, s.httpCors],
    ['WebSocket', s.ws, s.wsAddr, s.wsApi, s.wsOrigins],
  ] as const) {
    if (!enabled?.value && !addr) continue;
    const host = addr?.value ?? 'localhost';
    const wide = isAllInterfaces(host) || (!isLoopback(host) && host !== 'localhost');
    const key = label.toLowerCase();
    if (wide)
      out.push(
        finding(
          'geth.rpc-exposure',
          'warn',
          'high',
          `${label} RPC listens on ${host || 'every interface'}`,
          `Bind ${label} RPC to 127.0.0.1 and put an authenticating proxy in front of remote users.`,
          at(addr, key),
        ),
      );
    else out.push(finding('geth.rpc-exposure', 'pass', 'info', `${label} RPC bound to ${host}`, '', at(addr, key)));
    const bad = (api?.value ?? []).filter((m) => DANGEROUS_APIS.includes(m.toLowerCase()));
    if (bad.length)
      out.push(
        finding(
          'geth.rpc-apis',
          'fail',
          wide ? 'critical' : 'high',
          `${label} RPC exposes ${bad.join(', ')}: account, node and tracing control to every caller`,
          `Serve only eth,net,web3 over ${label}; use the IPC socket for admin/personal/debug.`,
          at(api, key),
        ),
      );
    else
      out.push(
        finding(
          'geth.rpc-apis',
          'pass',
          'info',
          `${label} RPC modules: ${(api?.value ?? ['eth', 'net', 'web3']).join(',')}`,
          '',
          at(api, key),
        ),
      );
    if (origins?.value.includes('*'))
      out.push(
        finding(
          'geth.cors',
          'fail',
          'high',
          `${label} RPC accepts browser requests from any origin (${origins.setting})`,
          `List the dapp origins instead of *${label === 'HTTP' ? ' in --http.corsdomain' : ' in --ws.origins'}.`,
          at(origins, key),
        ),
      );
    else
      out.push(
        finding(
          'geth.cors',
          'pass',
          'info',
          origins ? `${label} origins: ${origins.value.join(',')}` : `${label} origins: none allowed (default)`,
          '',
          at(origins, key),
        ),
      );
  }
  if (s.httpVhosts?.value.includes('*'))
    out.push(
      finding(
        'geth.vhosts',
        'warn',
        'medium',
        'HTTP RPC accepts any Host header, which defeats DNS-rebinding protection',
        'Set --http.vhosts to the names clients use.',
        at(s.httpVhosts, 'http'),
      ),
    );
  if (s.authVhosts?.value.includes('*') || (s.authAddr && isAllInterfaces(s.authAddr.value)))
    out.push(
      finding(
        'geth.authrpc',
        'fail',
        'high',
        `engine API reachable broadly (${[s.authAddr?.setting, s.authVhosts?.setting].filter(Boolean).join(', ')})`,
        'Keep --authrpc.addr on 127.0.0.1 (or the consensus client host) and --authrpc.vhosts localhost.',
        at(s.authVhosts ?? s.authAddr, 'auth'),
      ),
    );
  if (s.insecureUnlock?.value)
    out.push(
      finding(
        'geth.insecure-unlock',
        'fail',
        'critical',
        'accounts may be unlocked over HTTP RPC (--allow-insecure-unlock)',
        'Remove --allow-insecure-unlock; sign with an external signer (clef) instead.',
        at(s.insecureUnlock),
      ),
    );
  else out.push(finding('geth.insecure-unlock', 'pass', 'info', 'account unlocking over HTTP is refused', '', {}));
  const maxPeers = s.maxPeers?.value ?? 50;
  if (maxPeers > 100)
    out.push(
      finding(
        'geth.peers',
        'warn',
        'low',
        `maxpeers ${maxPeers} raises bandwidth and resource use`,
        'Keep maxpeers at or below 100 (default 50).',
        at(s.maxPeers, 'max'),
      ),
    );
  else if (maxPeers === 0 && !s.noDiscovery?.value)
    out.push(
      finding(
        'geth.peers',
        'warn',
        'low',
        'maxpeers 0: the node has no peers',
        'Set maxpeers to the size of the network.',
        at(s.maxPeers, 'max'),
      ),
    );
  else out.push(finding('geth.peers', 'pass', 'info', `maxpeers ${maxPeers}`, '', at(s.maxPeers, 'max')));
  if (s.netRestrict?.value || s.noDiscovery?.value)
    out.push(
      finding(
        'geth.peer-admission',
        'pass',
        'info',
        [
          s.noDiscovery?.value ? 'discovery off' : '',
          s.netRestrict?.value ? `peers restricted to ${s.netRestrict.value}` : '',
        ]
          .filter(Boolean)
          .join(', '),
        '',
        at(s.netRestrict ?? s.noDiscovery, 'admission'),
      ),
    );
  else
    out.push(
      finding(
        'geth.peer-admission',
        'warn',
        'medium',
        'any node on the internet may discover and dial this node (no --netrestrict, discovery on)',
        "For a consortium network set --nodiscover, static/trusted peers and --netrestrict to the members' networks.",
        { key: 'admission' },
      ),
    );
  return { format: 'geth', findings: out };
}
