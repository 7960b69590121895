import {
  cleanValue,
  finding,
  isAllInterfaces,
  parseEntries,
  type ConfigFinding,
  type ConfigReport,
  type Entry,
} from './common.js';

function lastIn(entries: Entry[], key: string, sections?: RegExp): Entry | undefined {
  const norm = (k: string) => k.toLowerCase().replace(/-/g, '_');
  const hits = entries.filter((e) => norm(e.key) === norm(key) && (!sections || sections.test(e.section ?? '')));
  return hits[hits.length - 1];
}
const at = (e: Entry | undefined, dflt?: string) =>
  e ? { setting: e.raw, line: e.line } : dflt ? { setting: dflt } : {};
const truthy = (v: string | undefined) => v === '' || /^(1|on|true|yes)$/i.test(v ?? '');

/** my.cnf (MySQL / MariaDB): options of the server groups only. */
export function auditMysql(text: string): ConfigReport {
  const entries = parseEntries(text, { separator: 'equals', sections: true }).map((e) => ({
    ...e,
    value: cleanValue(e.value),
  }));
  const server = /^(mysqld|mariadb|server|mysqld-\d|mariadbd|galera)/i;
  const get = (k: string) => lastIn(entries, k, server);
  const out: ConfigFinding[] = [];
  if (!entries.some((e) => server.test(e.section ?? '')))
    return {
      format: 'mysql',
      findings: [
        finding(
          'mysql.parse',
          'error',
          'info',
          'no [mysqld] / [mariadb] section found',
          'Audit the server option file (e.g. /etc/mysql/mariadb.conf.d/50-server.cnf).',
        ),
      ],
    };
  const skipGrants = get('skip-grant-tables');
  if (skipGrants && truthy(skipGrants.value))
    out.push(
      finding(
        'mysql.skip-grant-tables',
        'fail',
        'critical',
        'skip-grant-tables: every client is root without a password',
        'Remove skip-grant-tables.',
        at(skipGrants),
      ),
    );
  const bind = get('bind-address');
  const skipNet = get('skip-networking');
  if (skipNet && truthy(skipNet.value))
    out.push(finding('mysql.bind', 'pass', 'info', 'networking is off (socket only)', '', at(skipNet)));
  else if (!bind || isAllInterfaces(bind.value))
    out.push(
      finding(
        'mysql.bind',
        'warn',
        'medium',
        bind
          ? `the server listens on every interface (${bind.raw})`
          : 'no bind-address: the server listens on every interface',
        'Set `bind-address = 127.0.0.1` (or the private address clients use).',
        at(bind, 'bind-address = * (default)'),
      ),
    );
  else out.push(finding('mysql.bind', 'pass', 'info', `bind-address = ${bind.value}`, '', at(bind)));
  const secure = get('require_secure_transport');
  if (!secure || !truthy(secure.value))
    out.push(
      finding(
        'mysql.tls',
        'warn',
        'medium',
        'clients may connect without TLS',
        'Set `require_secure_transport = ON` with ssl_cert / ssl_key configured.',
        at(secure, 'require_secure_transport = OFF (default)'),
      ),
    );
  else out.push(finding('mysql.tls', 'pass', 'info', 'TLS is required for every client', '', at(secure)));
  const infile = get('local-infile');
  if (infile && truthy(infile.value))
    out.push(
      finding(
        'mysql.local-infile',
        'warn',
        'medium',
        'LOAD DATA LOCAL INFILE lets a malicious server or injected SQL read client files',
        'Set `local-infile = 0`.',
        at(infile),
      ),
    );
  const plugin = get('default_authentication_plugin') ?? get('default-authentication-plugin');
  if (plugin && /mysql_native_password/i.test(plugin.value))
    out.push(
      finding(
        'mysql.auth-plugin',
        'warn',
        'medium',
        'new accounts use mysql_native_password (SHA-1 based)',
        'Use caching_sha2_password (MySQL) or ed25519 (MariaDB).',
        at(plugin),
      ),
    );
  const log = get('log_error') ?? get('log-error') ?? get('general_log') ?? get('log_bin') ?? get('log-bin');
  if (!log)
    out.push(
      finding(
        'mysql.logging',
        'warn',
        'low',
        'no error, general or binary log configured in this file',
        'Configure `log_error` and `log_bin` (for recovery and audit) or an audit plugin.',
        {},
      ),
    );
  else out.push(finding('mysql.logging', 'pass', 'info', `logging configured (${log.raw})`, '', at(log)));
  return { format: 'mysql', findings: out };
}

/** CouchDB local.ini: admin party (no [admins]), bind address, require_valid_user. */
export function auditCouchdb(text: string): ConfigReport {
  const entries = parseEntries(text, { separator: 'equals', sections: true, comment: /^\s*;/ });
  const out: ConfigFinding[] = [];
  const admins = entries.filter((e) => e.section === 'admins');
  if (!admins.length)
    out.push(
      finding(
        'couchdb.admin-party',
        'fail',
        'critical',
        'no [admins] entry: CouchDB runs as an "admin party" where every client is administrator (CouchDB < 3)',
        'Add an administrator under [admins] (CouchDB hashes it on start).',
        {},
      ),
    );
  else
    out.push(
      finding('couchdb.admin-party', 'pass', 'info', `${admins.length} administrator(s) configured`, '', {
        line: admins[0].line,
        setting: `${admins[0].key} = ****`,
      }),
    );
  for (const sec of ['chttpd', 'httpd']) {
    const bind = lastIn(entries, 'bind_address', new RegExp(`^${sec}$`));
    if (bind && isAllInterfaces(bind.value))
      out.push(
        finding(
          'couchdb.bind',
          'warn',
          'medium',
          `[${sec}] listens on every interface (${bind.raw})`,
          'Bind to 127.0.0.1 or a private address and firewall 5984.',
          { ...at(bind), key: sec },
        ),
      );
    else if (bind)
      out.push(
        finding('couchdb.bind', 'pass', 'info', `[${sec}] bind_address = ${bind.value}`, '', { ...at(bind), key: sec }),
      );
  }
  const valid = lastIn(entries, 'require_valid_user', /^(chttpd|chttpd_auth|couch_httpd_auth)$/);
  if (!valid || !truthy(valid.value))
    out.push(
      finding(
        'couchdb.require-valid-user',
        'warn',
        'medium',
        'anonymous requests are served for public databases',
        'Set `require_valid_user = true` under [chttpd].',
        at(valid, 'require_valid_user = false (default)'),
      ),
    );
  else
    out.push(finding('couchdb.require-valid-user', 'pass', 'info', 'every request must authenticate', '', at(valid)));
  return { format: 'couchdb', findings: out };
}

/** bitcoin.conf (Bitcoin Core and forks such as litecoin.conf). Settings under [main]/[test]/[regtest] apply to that network. */
/**
 * BIP324 v2 (encrypted) P2P transport by client family, keyed by the product name of the P2P user
 * agent (`/Satoshi:27.0.0/`): the first release that has it, and the first that turns it on by
 * default. A family without `since` has no release with it up to `checkedUpTo`; such clients
 * ignore `v2transport=` ("Ignoring unknown configuration value").
 */
export const V2_TRANSPORT: Record<
  string,
  { name: string; since?: string; defaultOnSince?: string; checkedUpTo?: string }
> = {
  Satoshi: { name: 'Bitcoin Core', since: '26.0', defaultOnSince: '27.0' },
  LitecoinCore: { name: 'Litecoin Core', checkedUpTo: '0.21.4' },
  Shibetoshi: { name: 'Dogecoin Core', checkedUpTo: '1.14.9' },
};

/** The client family a configuration file belongs to, by its conventional name. */
export function clientOfConfigName(name: string): string | undefined {
  const base = name.split(/[\\/]/).pop()?.toLowerCase() ?? '';
  if (base === 'bitcoin.conf') return 'Satoshi';
  if (base === 'litecoin.conf') return 'LitecoinCore';
  if (base === 'dogecoin.conf') return 'Shibetoshi';
  return undefined;
}

function versionAtLeast(version: string, floor: string): boolean {
  const a = version.split('.').map(Number);
  const b = floor.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

const V2_FIX_TUNNEL =
  'Carry P2P between the nodes over an encrypted tunnel (WireGuard, IPsec) or move to a client with BIP324 (Bitcoin Core 26+, `v2transport=1`).';

/**
 * Judges P2P transport encryption for what the client really does: the setting only counts on
 * releases that implement BIP324, and its default changed in Bitcoin Core 27.0. `client` is the
 * product (user-agent name) and, when a running node told it, the version.
 */
export function v2TransportFinding(
  setting: { value: string; line?: number; raw: string } | undefined,
  client: { product?: string; version?: string } = {},
): ConfigFinding {
  const where = setting ? { setting: setting.raw, line: setting.line } : {};
  const family = client.product ? V2_TRANSPORT[client.product] : undefined;
  const label = family ? `${family.name}${client.version ? ` ${client.version}` : ''}` : 'the client';
  const on = setting ? truthy(setting.value) : undefined;
  const unsupported =
    family && (!family.since || (client.version !== undefined && !versionAtLeast(client.version, family.since)));
  if (unsupported)
    return finding(
      'bitcoin.v2transport',
      'fail',
      'medium',
      `${label} has no BIP324 encrypted transport${family.since ? ` (it arrived in ${family.since})` : ` (no release up to ${family.checkedUpTo} has it)`}: every P2P message travels in clear text${on ? '; `v2transport=1` here is ignored' : ''}`,
      V2_FIX_TUNNEL,
      where,
    );
  if (on === false)
    return finding(
      'bitcoin.v2transport',
      'fail',
      'medium',
      'BIP324 encrypted P2P transport is turned off: every P2P message travels in clear text',
      'Set `v2transport=1`.',
      where,
    );
  if (on)
    return finding(
      'bitcoin.v2transport',
      'pass',
      'info',
      family && client.version
        ? `BIP324 encrypted transport enabled on ${label}`
        : 'BIP324 encrypted transport enabled (it takes effect on Bitcoin Core 26.0 and later; earlier releases ignore the setting)',
      '',
      where,
    );
  if (family?.defaultOnSince && client.version)
    return versionAtLeast(client.version, family.defaultOnSince)
      ? finding('bitcoin.v2transport', 'pass', 'info', `BIP324 encrypted transport is on by default in ${label}`, '', {
          setting: `v2transport=1 (default since ${family.name} ${family.defaultOnSince})`,
        })
      : finding(
          'bitcoin.v2transport',
          'fail',
          'medium',
          `BIP324 encrypted transport is off by default in ${label} and not turned on`,
          'Set `v2transport=1`.',
          { setting: `v2transport=0 (default before ${family.name} ${family.defaultOnSince})` },
        );
  return finding(
    'bitcoin.v2transport',
    'warn',
    'low',
    'v2transport is not set: BIP324 encrypted P2P transport is on by default only from Bitcoin Core 27.0, off in 26.x, and missing before 26.0 and in forks without BIP324',
    'Set `v2transport=1` on Bitcoin Core 26+; on other clients carry P2P over an encrypted tunnel (WireGuard, IPsec).',
    { setting: 'v2transport (not set)' },
  );
}

export function auditBitcoinConf(
  text: string,
  opts: { client?: { product?: string; version?: string } } = {},
): ConfigReport {
  const entries = parseEntries(text, { separator: 'equals', sections: true }).map((e) => ({
    ...e,
    key: e.key.replace(/^-/, '').toLowerCase(),
    value: cleanValue(e.value),
  }));
  const all = (k: string) => entries.filter((e) => e.key === k);
  const last = (k: string) => all(k).at(-1);
  const out: ConfigFinding[] = [];
  const allowIps = all('rpcallowip');
  const wide = allowIps.filter((e) => isAllInterfaces(e.value) || /^0\.0\.0\.0\/0|^::\/0|^\*$/.test(e.value));
  for (const e of wide)
    out.push(
      finding(
        'bitcoin.rpcallowip',
        'fail',
        'critical',
        `RPC accepts clients from any address (${e.raw})`,
        'Allow only the hosts that call RPC, e.g. `rpcallowip=10.0.0.5/32`, and keep rpcbind on loopback or a private address.',
        { ...at(e), key: `line:${e.line}` },
      ),
    );
  if (!wide.length)
    out.push(
      finding(
        'bitcoin.rpcallowip',
        'pass',
        'info',
        allowIps.length
          ? `RPC allow-list: ${allowIps.map((e) => e.value).join(', ')}`
          : 'RPC accepts loopback clients only (no rpcallowip)',
        '',
        at(allowIps[0]),
      ),
    );
  const binds = all('rpcbind');
  const wideBind = binds.find((e) => isAllInterfaces(e.value.replace(/:\d+$/, '')));
  if (wideBind)
    out.push(
      finding(
        'bitcoin.rpcbind',
        'warn',
        'high',
        `RPC listens on every interface (${wideBind.raw})`,
        'Bind RPC to 127.0.0.1 or the private interface the wallet service uses.',
        at(wideBind),
      ),
    );
  else
    out.push(
      finding(
        'bitcoin.rpcbind',
        'pass',
        'info',
        binds.length ? `RPC bound to ${binds.map((e) => e.value).join(', ')}` : 'RPC bound to loopback (default)',
        '',
        at(binds[0]),
      ),
    );
  const pw = last('rpcpassword');
  if (pw)
    out.push(
      finding(
        'bitcoin.rpc-credentials',
        'fail',
        pw.value.length < 20 ? 'high' : 'medium',
        `rpcpassword stores the RPC password in clear text${pw.value.length < 20 ? ` and it is only ${pw.value.length} characters` : ''}`,
        'Replace rpcuser/rpcpassword with `rpcauth=` (salted HMAC, made by share/rpcauth/rpcauth.py) or cookie authentication.',
        { setting: 'rpcpassword=****', line: pw.line },
      ),
    );
  else
    out.push(
      finding(
        'bitcoin.rpc-credentials',
        'pass',
        'info',
        last('rpcauth')
          ? 'RPC users are defined with rpcauth (hashed)'
          : 'cookie authentication (no password in the file)',
        '',
        at(last('rpcauth')),
      ),
    );
  const server = last('server');
  const walletOff = truthy(last('disablewallet')?.value);
  if (server && truthy(server.value) && !walletOff)
    out.push(
      finding(
        'bitcoin.server-wallet',
        'warn',
        'medium',
        'the RPC server runs with the wallet enabled: RPC credentials are also spending credentials',
        'Run wallets on a separate node, or set `disablewallet=1` on RPC-serving nodes.',
        at(server),
      ),
    );
  else
    out.push(
      finding(
        'bitcoin.server-wallet',
        'pass',
        'info',
        walletOff ? 'wallet disabled' : 'RPC server not enabled',
        '',
        at(server),
      ),
    );
  const maxc = last('maxconnections');
  if (maxc && Number(maxc.value) > 125)
    out.push(
      finding(
        'bitcoin.maxconnections',
        'warn',
        'low',
        `maxconnections=${maxc.value} raises memory and eclipse exposure`,
        'Keep maxconnections at or below 125 (default).',
        at(maxc),
      ),
    );
  else
    out.push(
      finding(
        'bitcoin.maxconnections',
        'pass',
        'info',
        maxc ? `maxconnections=${maxc.value}` : 'maxconnections default (125)',
        '',
        at(maxc),
      ),
    );
  const rest = last('rest');
  if (rest && truthy(rest.value))
    out.push(
      finding(
        'bitcoin.rest',
        'warn',
        'medium',
        'the REST interface serves chain data without authentication',
        'Set `rest=0` unless an internal service needs it, and never expose it beyond loopback.',
        at(rest),
      ),
    );
  for (const z of entries.filter((e) => e.key.startsWith('zmqpub'))) {
    const host = /^tcp:\/\/([^:]+|\[[^\]]+\]):/.exec(z.value)?.[1] ?? '';
    if (isAllInterfaces(host))
      out.push(
        finding(
          'bitcoin.zmq',
          'warn',
          'medium',
          `${z.key} publishes on every interface (${z.value})`,
          'Publish ZMQ on tcp://127.0.0.1 or a private address.',
          { ...at(z), key: z.key },
        ),
      );
  }
  out.push(v2TransportFinding(last('v2transport'), opts.client));
  return { format: 'bitcoin', findings: out };
}
