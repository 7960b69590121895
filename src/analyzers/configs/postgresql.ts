import { cleanValue, finding, parseEntries, type ConfigFinding, type ConfigReport } from './common.js';

export interface PgSetting {
  value: string;
  line?: number;
  raw: string;
}

/** postgresql.conf: the last assignment wins, as in the server. */
export function parsePostgresqlConf(text: string): Map<string, PgSetting> {
  const m = new Map<string, PgSetting>();
  for (const e of parseEntries(text, { separator: 'either' })) {
    m.set(e.key.toLowerCase(), {
      value: cleanValue(e.value.replace(/^=\s*/, '')),
      line: e.line,
      raw: e.raw.replace(/\s+#.*$/, ''),
    });
  }
  return m;
}

/** Rows of a psql result table, aligned (`psql -c`) or unaligned (`psql -A`), keyed by column name. */
export function parsePsqlTable(text: string): Record<string, string>[] | undefined {
  const lines = text
    .split(/\r?\n/)
    .filter((l) => l.trim() && !/^-+(\+-+)*$/.test(l.trim()) && !/^\(\d+ rows?\)$/.test(l.trim()));
  if (!lines.length || !lines[0].includes('|')) return undefined;
  const header = lines[0].split('|').map((h) => h.trim());
  return lines.slice(1).map((l) => {
    const cells = l.split('|').map((c) => c.trim());
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
}

/** Rows of `SHOW ALL` (name, setting) read from a running server. */
export function pgSettingsFromRows(rows: [string, string][]): Map<string, PgSetting> {
  return new Map(rows.map(([k, v]) => [k.toLowerCase(), { value: v, raw: `${k} = ${v}` }]));
}

const on = (v: string | undefined) => /^(on|true|yes|1)$/i.test(v ?? '');

export function auditPostgresql(s: Map<string, PgSetting>): ConfigReport {
  const out: ConfigFinding[] = [];
  const at = (k: string, dflt?: string) => {
    const v = s.get(k);
    return v ? { setting: v.raw, line: v.line } : { setting: `${k} = ${dflt ?? ''} (default)` };
  };
  const listen = s.get('listen_addresses')?.value ?? 'localhost';
  if (listen.split(',').some((a) => ['*', '0.0.0.0', '::'].includes(a.trim())))
    out.push(
      finding(
        'postgresql.listen',
        'warn',
        'medium',
        `PostgreSQL listens on every interface (listen_addresses = '${listen}')`,
        "List only the addresses clients use (`listen_addresses = 'localhost,10.0.0.5'`) and firewall the port.",
        at('listen_addresses', "'localhost'"),
      ),
    );
  else
    out.push(
      finding(
        'postgresql.listen',
        'pass',
        'info',
        `listen_addresses = '${listen}'`,
        '',
        at('listen_addresses', "'localhost'"),
      ),
    );

  if (!on(s.get('ssl')?.value))
    out.push(
      finding(
        'postgresql.ssl',
        'fail',
        'high',
        'TLS is off: passwords and data cross the network in clear text',
        'Set `ssl = on` with `ssl_cert_file` / `ssl_key_file`, and use `hostssl` lines in pg_hba.conf.',
        at('ssl', 'off'),
      ),
    );
  else {
    const min = s.get('ssl_min_protocol_version')?.value ?? 'TLSv1.2';
    if (/^TLSv1(\.1)?$/i.test(min))
      out.push(
        finding(
          'postgresql.ssl',
          'warn',
          'medium',
          `TLS is on but accepts ${min}`,
          "Set `ssl_min_protocol_version = 'TLSv1.2'`.",
          at('ssl_min_protocol_version'),
        ),
      );
    else out.push(finding('postgresql.ssl', 'pass', 'info', `TLS is on (minimum ${min})`, '', at('ssl')));
  }

  const enc = s.get('password_encryption')?.value ?? 'scram-sha-256';
  if (/^(md5|on|off|plain)$/i.test(enc))
    out.push(
      finding(
        'postgresql.password-encryption',
        'fail',
        'medium',
        `passwords are stored as ${enc} hashes`,
        "Set `password_encryption = 'scram-sha-256'` and reset every password.",
        at('password_encryption'),
      ),
    );
  else
    out.push(
      finding(
        'postgresql.password-encryption',
        'pass',
        'info',
        `password_encryption = ${enc}`,
        '',
        at('password_encryption', 'scram-sha-256'),
      ),
    );

  const missingLogs = ['log_connections', 'log_disconnections'].filter((k) => !on(s.get(k)?.value));
  if (missingLogs.length)
    out.push(
      finding(
        'postgresql.logging',
        'warn',
        'low',
        `connection logging is incomplete: ${missingLogs.map((k) => `${k} off`).join(', ')}`,
        'Set `log_connections = on` and `log_disconnections = on`, and keep the server log for the retention period.',
        at(missingLogs[0], 'off'),
      ),
    );
  else
    out.push(
      finding(
        'postgresql.logging',
        'pass',
        'info',
        'connections and disconnections are logged',
        '',
        at('log_connections'),
      ),
    );
  return { format: 'postgresql', findings: out };
}

export interface HbaRule {
  type: string;
  database: string;
  user: string;
  address?: string;
  method: string;
  line: number;
  raw: string;
}

export function parsePgHba(text: string): HbaRule[] {
  const rules: HbaRule[] = [];
  text.split(/\r?\n/).forEach((rawLine, i) => {
    const raw = rawLine.replace(/#.*$/, '').trim();
    if (!raw) return;
    const f = raw.split(/\s+/);
    const type = f[0];
    if (type === 'local') rules.push({ type, database: f[1], user: f[2], method: f[3] ?? '', line: i + 1, raw });
    else if (/^host/.test(type)) {
      let address = f[3];
      let method = f[4] ?? '';
      if (f[4] && /^\d+\.\d+\.\d+\.\d+$/.test(f[4])) {
        address = `${f[3]}/${f[4]}`;
        method = f[5] ?? '';
      }
      rules.push({ type, database: f[1], user: f[2], address, method, line: i + 1, raw });
    }
  });
  return rules;
}

/** Rows of `SELECT line_number, type, database, user_name, address, netmask, auth_method FROM pg_hba_file_rules`. */
/** 255.255.255.0 → 24 (IPv4 masks); other masks are kept as written. */
function prefixLength(mask: string): string {
  const parts = mask.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !(p >= 0 && p <= 255))) return mask;
  const bits = parts.map((p) => p.toString(2).padStart(8, '0')).join('');
  return /^1*0*$/.test(bits) ? String(bits.indexOf('0') < 0 ? 32 : bits.indexOf('0')) : mask;
}

export function hbaFromRows(rows: Record<string, string>[]): HbaRule[] {
  const list = (v: string) => v.replace(/^\{|\}$/g, '');
  return rows
    .filter((r) => r.type && !r.error)
    .map((r) => {
      const address = r.address
        ? r.netmask && !r.address.includes('/')
          ? `${r.address}/${prefixLength(r.netmask)}`
          : r.address
        : undefined;
      return {
        type: r.type,
        database: list(r.database),
        user: list(r.user_name),
        address,
        method: r.auth_method,
        line: Number(r.line_number) || 0,
        raw: `${r.type} ${list(r.database)} ${list(r.user_name)} ${address ?? ''} ${r.auth_method}`.replace(
          /\s+/g,
          ' ',
        ),
      };
    });
}

const isLocalAddr = (a?: string) => !a || /^(127\.|::1|localhost|samehost)/.test(a);
const isWide = (a?: string) => !!a && /^(all|0\.0\.0\.0\/0|::\/0|0\.0\.0\.0\/0\.0\.0\.0)$/.test(a);

export function auditPgHba(rules: HbaRule[]): ConfigReport {
  const out: ConfigFinding[] = [];
  for (const r of rules) {
    const where = { setting: r.raw, line: r.line, key: `line:${r.line}` };
    const remote = r.type !== 'local' && !isLocalAddr(r.address);
    if (r.method === 'trust')
      out.push(
        finding(
          'pg_hba.auth-method',
          'fail',
          remote ? 'critical' : 'high',
          `${remote ? 'connections from ' + r.address : r.address ? `loopback connections (${r.address})` : 'local socket connections'} to ${r.database} as ${r.user} need no password (trust)`,
          'Use `scram-sha-256` (or `peer` for local socket administration).',
          where,
        ),
      );
    else if (r.method === 'password')
      out.push(
        finding(
          'pg_hba.auth-method',
          'fail',
          'high',
          `clear-text password authentication for ${r.user}@${r.address ?? 'local'}`,
          'Use `scram-sha-256`.',
          where,
        ),
      );
    else if (r.method === 'md5')
      out.push(
        finding(
          'pg_hba.auth-method',
          'warn',
          'medium',
          `md5 authentication for ${r.user}@${r.address ?? 'local'}`,
          'Use `scram-sha-256` once passwords are re-hashed.',
          where,
        ),
      );
    else if (r.method === 'reject') continue;
    else
      out.push(
        finding(
          'pg_hba.auth-method',
          'pass',
          'info',
          `${r.method} authentication for ${r.user}@${r.address ?? 'local'}`,
          '',
          where,
        ),
      );
    if (remote && r.type === 'host')
      out.push(
        finding(
          'pg_hba.ssl-required',
          'warn',
          'medium',
          `remote rule for ${r.address} also accepts connections without TLS`,
          'Use `hostssl` for every non-loopback rule.',
          { ...where, key: `ssl:${r.line}` },
        ),
      );
    if (isWide(r.address) && r.method !== 'reject')
      out.push(
        finding(
          'pg_hba.address-allowlist',
          'fail',
          'high',
          `any address may try to log in (${r.address})`,
          'Restrict the rule to the application subnets.',
          { ...where, key: `wide:${r.line}` },
        ),
      );
  }
  if (!rules.length)
    out.push(
      finding('pg_hba.auth-method', 'warn', 'info', 'no rules found', 'Check that the right pg_hba.conf was given.'),
    );
  return { format: 'pg_hba', findings: out };
}
