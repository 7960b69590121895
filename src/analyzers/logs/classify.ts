import type { LogFormat, ParsedRecord } from './formats.js';

/**
 * What the log formats write about failed logins, crashes and secrets, per family of programs.
 * Each rule has literal anchors (what the prefilter finds) and a pattern that confirms it on the
 * line and picks out its parts. Unlike the error classes these are facts of the formats rather than
 * audit policy, so they live here with the formats.
 */

/** Program families: the writer of a record, from its log format or its syslog/journald program name. */
export type Family =
  | 'bitcoin-core'
  | 'ethereum'
  | 'cometbft'
  | 'fabric'
  | 'sshd'
  | 'nginx'
  | 'redis'
  | 'postgresql'
  | 'kernel'
  | 'other'
  /** An envelope record whose program is not named on its line (journald's export format). */
  | 'any';

const FORMAT_FAMILY: Record<string, Family> = {
  'bitcoin-core': 'bitcoin-core',
  geth: 'ethereum',
  'geth-logfmt': 'ethereum',
  erigon: 'ethereum',
  nethermind: 'ethereum',
  besu: 'ethereum',
  tracing: 'ethereum',
  'evm-devnode': 'ethereum',
  json: 'ethereum',
  cometbft: 'cometbft',
  fabric: 'fabric',
  sshd: 'sshd',
  'nginx-access': 'nginx',
  'nginx-error': 'nginx',
  redis: 'redis',
  postgresql: 'postgresql',
  kernel: 'kernel',
};

const PROGRAM_FAMILY: [RegExp, Family][] = [
  [/^sshd(?:-session)?$/, 'sshd'],
  [/^kernel$/, 'kernel'],
  [/^(?:postgres|postmaster|postgresql)/, 'postgresql'],
  [/^nginx$/, 'nginx'],
  [/^redis(?:-server)?$/, 'redis'],
  [/^(?:bitcoind|litecoind|dogecoind|bitcoin-qt|litecoin-qt)$/, 'bitcoin-core'],
  [/^(?:geth|erigon|nethermind|besu|reth|anvil)$/, 'ethereum'],
  [/^(?:cometbft|tendermint|[a-z]+d)$/, 'cometbft'],
  [/^(?:peer|orderer)$/, 'fabric'],
];

/** The family whose rules read a record: the envelope's program, else the format's own. */
const programFamilies = new Map<string, Family>();

export function familyOf(format: LogFormat, record: ParsedRecord | undefined): Family {
  if (format.envelope) {
    const program = record?.program;
    if (!program) return 'any';
    let family = programFamilies.get(program);
    if (family === undefined) {
      family = PROGRAM_FAMILY.find(([re]) => re.test(program))?.[1] ?? 'other';
      if (programFamilies.size < 1024) programFamilies.set(program, family);
    }
    return family;
  }
  return FORMAT_FAMILY[format.id] ?? 'other';
}

/** The error-rule format key of a record: envelopes carry other programs' lines. */
export function ruleFormatOf(format: LogFormat, family: Family): string {
  if (!format.envelope) return format.id;
  return family === 'bitcoin-core' ? 'bitcoin-core' : family === 'ethereum' ? 'geth' : format.id;
}

// ---- failed logins --------------------------------------------------------------------------------

export type AuthKind =
  | 'rpc-password'
  | 'rpc-not-allowed'
  | 'failed-password'
  | 'invalid-user'
  | 'rejected-key'
  | 'closed-during-auth'
  | 'max-attempts'
  | 'pam-failure'
  | 'basic-auth-password'
  | 'basic-auth-user'
  | 'http-401'
  | 'database-password'
  | 'database-rejected'
  | 'tls-client-rejected';

interface AuthRule {
  families: Family[];
  anchor: string;
  re: RegExp;
  kind: AuthKind;
  /** Capture group holding the source address (or, for PostgreSQL, none: the session tells). */
  source?: number;
}

const IP = String.raw`(\[[0-9A-Fa-f:.]+\](?::\d+)?|[0-9A-Fa-f.:]+)`;

export const AUTH_RULES: AuthRule[] = [
  {
    families: ['bitcoin-core'],
    anchor: 'incorrect password attempt from ',
    re: new RegExp(String.raw`incorrect password attempt from ${IP}`),
    kind: 'rpc-password',
    source: 1,
  },
  {
    families: ['bitcoin-core'],
    anchor: 'Client network is not allowed RPC access',
    re: new RegExp(String.raw`HTTP request from ${IP} rejected: Client network is not allowed RPC access`),
    kind: 'rpc-not-allowed',
    source: 1,
  },
  {
    families: ['sshd'],
    anchor: 'Failed password for ',
    re: new RegExp(String.raw`Failed password for (?:invalid user )?.*? from ${IP} port \d+`),
    kind: 'failed-password',
    source: 1,
  },
  {
    families: ['sshd'],
    anchor: 'Failed keyboard-interactive',
    re: new RegExp(String.raw`Failed keyboard-interactive/pam for (?:invalid user )?.*? from ${IP} port \d+`),
    kind: 'failed-password',
    source: 1,
  },
  {
    families: ['sshd'],
    anchor: 'Failed publickey for ',
    re: new RegExp(String.raw`Failed publickey for (?:invalid user )?.*? from ${IP} port \d+`),
    kind: 'rejected-key',
    source: 1,
  },
  {
    families: ['sshd'],
    anchor: 'Invalid user ',
    re: new RegExp(String.raw`^Invalid user .*? from ${IP}(?: port \d+)?$`),
    kind: 'invalid-user',
    source: 1,
  },
  {
    families: ['sshd'],
    anchor: 'authenticating user ',
    re: new RegExp(String.raw`^(?:Connection closed by|Disconnected from) authenticating user \S+ ${IP} port \d+`),
    kind: 'closed-during-auth',
    source: 1,
  },
  {
    families: ['sshd'],
    anchor: 'by invalid user ',
    re: new RegExp(String.raw`^Connection closed by invalid user .*? ${IP} port \d+`),
    kind: 'closed-during-auth',
    source: 1,
  },
  {
    families: ['sshd'],
    anchor: 'maximum authentication attempts exceeded',
    re: new RegExp(String.raw`maximum authentication attempts exceeded for (?:invalid user )?.*? from ${IP} port \d+`),
    kind: 'max-attempts',
    source: 1,
  },
  {
    families: ['sshd'],
    anchor: 'authentication failure;',
    re: /^pam_unix\([^)]*:auth\): authentication failure;.*?\brhost=(\S+)/,
    kind: 'pam-failure',
    source: 1,
  },
  {
    families: ['sshd'],
    anchor: 'more authentication failure',
    re: /^PAM \d+ more authentication failures?;.*?\brhost=(\S+)/,
    kind: 'pam-failure',
    source: 1,
  },
  {
    families: ['nginx'],
    anchor: ': password mismatch, client: ',
    re: new RegExp(String.raw`user ".*?": password mismatch, client: ${IP},`),
    kind: 'basic-auth-password',
    source: 1,
  },
  {
    families: ['nginx'],
    anchor: '" was not found in "',
    re: new RegExp(String.raw`user ".*?" was not found in ".*?", client: ${IP},`),
    kind: 'basic-auth-user',
    source: 1,
  },
  {
    families: ['nginx'],
    anchor: '" 401 ',
    re: new RegExp(String.raw`^"[^"]*" 401 `),
    kind: 'http-401',
  },
  {
    families: ['postgresql'],
    anchor: 'password authentication failed for user',
    re: /password authentication failed for user "/,
    kind: 'database-password',
  },
  {
    families: ['postgresql'],
    anchor: 'no pg_hba.conf entry for host',
    re: new RegExp(String.raw`no pg_hba.conf entry for host "${IP}"`),
    kind: 'database-rejected',
    source: 1,
  },
  {
    families: ['fabric'],
    anchor: 'TLS handshake failed',
    re: new RegExp(String.raw`TLS handshake failed.*?remote ?address=${IP}(?::\d+)?`),
    kind: 'tls-client-rejected',
    source: 1,
  },
];

/** PostgreSQL names the client of a session once, on its connection line. */
export const PG_CONNECTION = {
  anchor: 'connection received: host=',
  re: new RegExp(String.raw`connection received: host=${IP}`),
};

/** An address as written in a log, without brackets, port or IPv4-mapped prefix. */
export function cleanSource(raw: string): string {
  if (/^[\d.]+$/.test(raw)) return raw;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(raw);
  const address = bracketed ? bracketed[1] : raw.replace(/^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/, '$1');
  return address.replace(/^::ffff:(?=\d)/, '');
}

// ---- crashes ----------------------------------------------------------------------------------------

export type CrashKind =
  | 'unclean-shutdown'
  | 'forced-reindex'
  | 'corrupted-database'
  | 'crash-report'
  | 'assertion-failed'
  | 'go-panic'
  | 'out-of-memory';

interface CrashRule {
  /** Families the rule reads; empty: any line of any format (runtime crash reports go to stderr, wherever that is kept). */
  families: Family[];
  anchor: string;
  re: RegExp;
  kind: CrashKind;
  /** The program named in the record (OOM victim), capture group. */
  victim?: number;
}

export const CRASH_RULES: CrashRule[] = [
  {
    families: ['bitcoin-core'],
    anchor: 'Reindexing block file blk00000.dat',
    re: /^Reindexing block file blk00000\.dat/,
    kind: 'forced-reindex',
  },
  {
    families: ['bitcoin-core'],
    anchor: 'Corrupted block database detected',
    re: /Corrupted block database detected/,
    kind: 'corrupted-database',
  },
  {
    families: ['bitcoin-core'],
    anchor: 'Error opening block database',
    re: /Error opening block database/,
    kind: 'corrupted-database',
  },
  {
    families: ['bitcoin-core'],
    anchor: 'EXCEPTION: ',
    re: /^EXCEPTION: /,
    kind: 'crash-report',
  },
  { families: ['redis'], anchor: 'crashed by signal', re: /crashed by signal: \d+/, kind: 'crash-report' },
  { families: ['redis'], anchor: '=== ASSERTION FAILED ===', re: /=== ASSERTION FAILED ===/, kind: 'assertion-failed' },
  {
    families: ['redis'],
    anchor: 'Out Of Memory allocating',
    re: /Out Of Memory allocating \d+ bytes/,
    kind: 'out-of-memory',
  },
  {
    families: ['postgresql'],
    anchor: 'database system was not properly shut down',
    re: /database system was not properly shut down/,
    kind: 'unclean-shutdown',
  },
  {
    families: ['postgresql'],
    anchor: 'database system was interrupted',
    re: /database system was interrupted/,
    kind: 'unclean-shutdown',
  },
  {
    families: ['postgresql'],
    anchor: 'was terminated by signal',
    re: /process \(PID \d+\) was terminated by signal \d+/,
    kind: 'crash-report',
  },
  { families: [], anchor: 'panic: ', re: /^panic: /, kind: 'go-panic' },
  { families: [], anchor: 'fatal error: ', re: /^fatal error: (?!runtime: out of memory)/, kind: 'go-panic' },
  {
    families: [],
    anchor: 'fatal error: runtime: out of memory',
    re: /^fatal error: runtime: out of memory/,
    kind: 'out-of-memory',
  },
  { families: [], anchor: 'SIGSEGV: segmentation violation', re: /^SIGSEGV: segmentation violation/, kind: 'go-panic' },
  { families: [], anchor: 'SIGABRT: abort', re: /^SIGABRT: abort/, kind: 'go-panic' },
  { families: [], anchor: 'SIGQUIT: quit', re: /^SIGQUIT: quit/, kind: 'go-panic' },
  { families: [], anchor: "' panicked at ", re: /^thread '[^']*' panicked at /, kind: 'crash-report' },
  {
    families: [],
    anchor: 'terminate called after throwing',
    re: /terminate called after throwing an instance of/,
    kind: 'crash-report',
  },
  { families: [], anchor: "' failed.", re: /: Assertion `.*' failed\.$/, kind: 'assertion-failed' },
  { families: [], anchor: 'java.lang.OutOfMemoryError', re: /java\.lang\.OutOfMemoryError/, kind: 'out-of-memory' },
  { families: [], anchor: 'Unhandled exception.', re: /^Unhandled exception\. /, kind: 'crash-report' },
  {
    families: [],
    anchor: 'out of memory: Killed process ',
    re: /[Oo]ut of memory: Killed process \d+ \(([^)]*)\)/,
    kind: 'out-of-memory',
    victim: 1,
  },
  {
    families: [],
    anchor: 'Out of memory: Killed process ',
    re: /Out of memory: Killed process \d+ \(([^)]*)\)/,
    kind: 'out-of-memory',
    victim: 1,
  },
];

/**
 * Lifecycle lines, by format (or, in syslog and journald, by program family): a start banner not
 * preceded by the clean-shutdown line of the run before means that run ended badly. PostgreSQL is
 * not here: it says so itself ("database system was not properly shut down").
 */
export const LIFECYCLE_ANCHORS: Record<string, { started: string[]; stopped: string[] }> = {
  'bitcoin-core': { started: [' Core version v', ' Core Daemon version v'], stopped: ['Shutdown: done'] },
  geth: { started: ['Starting Geth on '], stopped: ['Blockchain stopped'] },
  nethermind: { started: ['Nethermind starting initialization'], stopped: ['Nethermind is shut down'] },
  cometbft: { started: ['Starting Node service'], stopped: ['Stopping Node service'] },
  redis: { started: ['Redis is starting'], stopped: ['Redis is now ready to exit, bye bye'] },
  sshd: { started: ['Server listening on '], stopped: ['; terminating.'] },
};

// ---- secrets --------------------------------------------------------------------------------------

/** Values a program wrote in place of a secret: not a leak. */
export const MASKED_VALUE =
  /^(?:\*{3,}|x{3,}|X{3,}|\[(?:FILTERED|REDACTED|MASKED|HIDDEN|SECRET)\]|<(?:redacted|hidden|masked|filtered)>|\(?(?:redacted|hidden|masked|filtered|null|none|undefined)\)?|-)$/i;

export function isMasked(value: string): boolean {
  return value.length === 0 || MASKED_VALUE.test(value);
}

/** `name=value` and `name: value` for credential names; the value ends at a space, quote, `&`, `,` or `;`. */
export const CREDENTIAL_ASSIGNMENT =
  /(?<![A-Za-z0-9_])(rpcpassword|password|passwd|passphrase|pass|pwd|secret|client_secret|api_?key|apikey|access_?token|auth_?token|token)(["']?)\s*[=:]\s*(["']?)(\[[A-Z]+\]|<[a-z]+>|[^\s"'&,;)}\]]+)/gi;

export const AUTHORIZATION_HEADER = /\bAuthorization:\s*(Basic|Bearer)\s+([A-Za-z0-9+/=._~-]{8,})/gi;

/** JSON fields holding key material or passwords. */
export const JSON_SECRET_FIELD =
  /"(privateKey|private_key|privKey|privkey|secretKey|secret_key|mnemonic|seedPhrase|seed_phrase|seed|password|passphrase|pass|authorization)"\s*:\s*"([^"\\]*)"/gi;

/** URL query parameters holding key material or passwords. */
export const URL_SECRET_PARAM =
  /[?&](mnemonic|seed|seedphrase|pass|password|passwd|passphrase|pwd|privkey|privatekey|private_key|priv|secret|wif|key|token|apikey|api_key)=([^&\s"#]+)/gi;

/** JSON-RPC methods whose parameters are keys or passphrases, and which parameters (0-based). */
export const SECRET_RPC_PARAMS: Record<string, { key?: number; passphrase?: number }> = {
  personal_importRawKey: { key: 0, passphrase: 1 },
  personal_unlockAccount: { passphrase: 1 },
  personal_newAccount: { passphrase: 0 },
  personal_sendTransaction: { passphrase: 1 },
  personal_signTransaction: { passphrase: 1 },
  personal_sign: { passphrase: 2 },
  importprivkey: { key: 0 },
  walletpassphrase: { passphrase: 0 },
  encryptwallet: { passphrase: 0 },
  walletpassphrasechange: { passphrase: 0 },
};

const CREDENTIAL_NAMES = ['password', 'passwd', 'passphrase', 'pass', 'pwd', 'secret', 'apikey', 'api_key', 'token'];
const URL_SECRET_NAMES = [
  'mnemonic',
  'seed',
  'seedphrase',
  'privkey',
  'privatekey',
  'private_key',
  'priv',
  'wif',
  'key',
  'secret',
];
const JSON_SECRET_NAMES = [
  'privateKey',
  'private_key',
  'privKey',
  'privkey',
  'secretKey',
  'secret_key',
  'mnemonic',
  'seedPhrase',
  'seed_phrase',
  'seed"',
  'passphrase',
  'authorization',
  'Authorization',
];

/** Literals that must be on a line for the log-specific secret rules above to apply to it. */
export const SECRET_ANCHORS = [
  ...CREDENTIAL_NAMES.flatMap((n) =>
    [n, n[0].toUpperCase() + n.slice(1), n.toUpperCase()].flatMap((v) => ['=', ':', '"', "'"].map((sep) => v + sep)),
  ),
  ...URL_SECRET_NAMES.flatMap((n) => [`?${n}=`, `&${n}=`]),
  ...JSON_SECRET_NAMES.map((n) => `"${n}`),
  'Authorization: ',
  'authorization: ',
  'Private Keys',
  'Private Key: ',
  ...Object.keys(SECRET_RPC_PARAMS),
];
