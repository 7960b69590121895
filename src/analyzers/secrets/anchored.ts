import { maskSecret } from '../../mask.js';
import { distinctChars, isDerSequence, isEd25519Keypair, isSecp256k1Scalar } from './codec.js';
import { WELL_KNOWN_CLOUD } from './known.js';
import type { HitSink } from './hits.js';
import type { CandidateType } from './prefilter.js';

const TOKEN =
  /^(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82}|glpat-[A-Za-z0-9_-]{20}|xox[abprs]-[0-9A-Za-z-]{10,72})(?![A-Za-z0-9_-])/;
const AWS_KEY_ID = /^(?:AKIA|ASIA)[A-Z2-7]{16}$/;

/** Validates a prefilter candidate of a structured family; `start` is where the family's literal begins. */
export function detectAnchor(
  text: string,
  type: Exclude<CandidateType, 'alnum' | 'words'>,
  start: number,
  end: number,
  sink: HitSink,
): void {
  switch (type) {
    case 'pem':
      return detectPem(text, start, sink);
    case 'kdf':
      return detectKeystore(text, start, sink);
    case 'bytearray':
      return detectByteArrayKeypair(text, start, sink);
    case 'comet':
      return detectCometKey(text, start, sink);
    case 'azure':
      return detectAzure(text, `${text.slice(start, end)}=`, start, sink);
    case 'aws': {
      const id = text.slice(start, end);
      if (AWS_KEY_ID.test(id)) detectAws(text, id, start, sink);
      return;
    }
    case 'token': {
      const m = TOKEN.exec(text.slice(start, start + 100));
      if (m) detectToken(m[0], start, sink);
      return;
    }
    case 'provider':
      return detectProviderUrl(text, start, sink);
  }
}

// ---- PEM ----------------------------------------------------------------------------------------

const PEM_HEADER = /^-----BEGIN ([A-Z0-9 ]{0,40}?)PRIVATE KEY( BLOCK)?-----/;

function isFabricKeystorePath(file: string): boolean {
  return /_sk$/.test(file) || /(^|\/)keystore\/[^/]+$/.test(file);
}

/** Longest PEM body read: a 16384-bit RSA key in PKCS#1 takes about 12 kB of base64. */
const MAX_PEM_BODY = 65536;
const BASE64_LINE = /^\s*[A-Za-z0-9+/=]*\s*$/;

/** The body of a block whose END line is missing: the base64 lines (and PEM header lines) that follow the BEGIN line. */
function unclosedBody(text: string, from: number): string {
  const lines = text
    .slice(from, from + MAX_PEM_BODY)
    .replace(/\\[nr]/g, '\n')
    .split('\n');
  const body: string[] = [];
  for (const line of lines) {
    if (!BASE64_LINE.test(line) && !/^[A-Za-z-]+:/.test(line)) break;
    body.push(line);
  }
  return body.join('\n');
}

/**
 * Placeholders (`AAAA…`, `xxxx`) that happen to be base64 are not key material; a body with the
 * variety of random bytes is, whether or not it parses.
 */
const hasKeyVariety = (body: string) => distinctChars(body) >= 24;

type PemBody = { detail: string } | { encrypted: string } | { damaged: string };

function parsePemBody(label: string, der: Buffer): PemBody {
  if (label === 'OPENSSH') {
    const magic = 'openssh-key-v1\0';
    if (der.length < magic.length + 4 || der.subarray(0, magic.length).toString('latin1') !== magic)
      return { damaged: 'no openssh-key-v1 container' };
    const cipherLen = der.readUInt32BE(magic.length);
    const cipher = der.subarray(magic.length + 4, magic.length + 4 + cipherLen).toString('latin1');
    if (cipher !== 'none') return { encrypted: `OpenSSH private key, cipher ${cipher}` };
    return { detail: 'OpenSSH private key, cipher none (no passphrase)' };
  }
  if (label === 'PGP') {
    // Secret-key packets: old-format tag 5 (0x94–0x97) or new-format 0xC5. Protection is in the packet body.
    if (!(der[0] >= 0x94 && der[0] <= 0x97) && der[0] !== 0xc5) return { damaged: 'no OpenPGP secret-key packet' };
    return { detail: 'OpenPGP secret key block (passphrase protection not inspected)' };
  }
  if (!isDerSequence(der)) return { damaged: `not a whole DER structure (${der.length} bytes)` };
  return { detail: `${label || 'PKCS#8'} private key, unencrypted DER (${der.length} bytes)` };
}

function detectPem(text: string, offset: number, sink: HitSink): void {
  const header = PEM_HEADER.exec(text.slice(offset, offset + 80));
  if (!header) return;
  const label = header[1].trim();
  const bodyStart = offset + header[0].length;
  const end = text.indexOf('-----END ', bodyStart);
  const closed = end >= 0 && end - bodyStart <= MAX_PEM_BODY;
  const raw = closed ? text.slice(bodyStart, end).replace(/\\[nr]/g, '\n') : unclosedBody(text, bodyStart);
  if (label === 'ENCRYPTED' || /Proc-Type:\s*4,ENCRYPTED/.test(raw)) {
    sink.encrypted({ kind: 'pem-encrypted', offset, detail: `${label || 'PKCS#8'} private key, passphrase-encrypted` });
    return;
  }
  const body = raw
    .split('\n')
    .filter((l) => !l.includes(':') && !l.trim().startsWith('='))
    .join('')
    .replace(/\s+/g, '');
  if (body.length < 60 || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return;
  const parsed = parsePemBody(label, Buffer.from(body, 'base64'));
  if ('encrypted' in parsed) {
    sink.encrypted({ kind: 'pem-encrypted', offset, detail: parsed.encrypted });
    return;
  }
  const secret = body;
  const blockName = `${label ? `${label} ` : ''}PRIVATE KEY`;
  if ('damaged' in parsed || !closed) {
    if (!hasKeyVariety(body)) return;
    // Part of a key is still key material: it narrows the search for the rest, and the whole may be elsewhere.
    const why = [
      'damaged' in parsed ? `whose body does not parse (${parsed.damaged})` : '',
      closed ? '' : 'without its END line',
    ].filter(Boolean);
    sink.hit({
      kind: isFabricKeystorePath(sink.file) ? 'fabric-msp-key' : 'pem-private-key',
      offset,
      secret,
      preview: `-----BEGIN ${blockName}----- ${maskSecret(body)}`,
      confidence: 'medium',
      detail: `damaged or truncated key: ${blockName} block ${why.join(' and ')}, ${body.length} base64 characters`,
      damaged: true,
    });
    return;
  }
  const detail = parsed.detail;
  const window = text.slice(Math.max(0, offset - 4000), Math.min(text.length, end + 4000));
  if (/"type"\s*:\s*"service_account"/.test(window)) {
    const email = /"client_email"\s*:\s*"([^"@]{1,100})@([^"]{1,200})"/.exec(window);
    sink.hit({
      kind: 'gcp-service-account',
      offset,
      secret,
      preview: email ? `${maskSecret(email[1])}@${email[2]} private_key ${maskSecret(body)}` : maskSecret(body),
      confidence: 'high',
      detail: `GCP service-account key file with an unencrypted private_key (${detail})`,
    });
    return;
  }
  const fabric = isFabricKeystorePath(sink.file);
  sink.hit({
    kind: fabric ? 'fabric-msp-key' : 'pem-private-key',
    offset,
    secret,
    preview: `-----BEGIN ${blockName}----- ${maskSecret(body)}`,
    confidence: label === 'PGP' ? 'medium' : 'high',
    detail: fabric ? `Fabric MSP keystore signing key: ${detail}` : detail,
  });
}

// ---- Keystores ----------------------------------------------------------------------------------

/**
 * Work factors below these are weak. Sources: go-ethereum accounts/keystore/passphrase.go
 * (StandardScryptN = 1<<18, scryptR = 8, StandardScryptP = 1; LightScryptN = 1<<12 is its
 * "light" mode) and EIP-2335 (scrypt n = 262144, r = 8, p = 1; pbkdf2 c = 262144, hmac-sha256).
 */
export const KDF_THRESHOLDS = {
  scryptWork: 2 ** 18 * 8 * 1,
  pbkdf2Iterations: 262144,
  minDklen: 32,
} as const;

function numberField(obj: string, name: string): number | undefined {
  const m = new RegExp(`"${name}"\\s*:\\s*"?(\\d{1,12})"?`).exec(obj);
  return m ? Number(m[1]) : undefined;
}

function stringField(obj: string, name: string): string | undefined {
  return new RegExp(`"${name}"\\s*:\\s*"([^"]{0,64})"`).exec(obj)?.[1];
}

export function judgeKdf(kdf: string, params: string): { weak: boolean; summary: string; reason?: string } {
  const name = kdf.toLowerCase();
  const dklen = numberField(params, 'dklen');
  if (name === 'scrypt') {
    const n = numberField(params, 'n');
    const r = numberField(params, 'r') ?? 8;
    const p = numberField(params, 'p') ?? 1;
    const summary = `scrypt n=${n ?? '?'} r=${r} p=${p}${dklen !== undefined ? ` dklen=${dklen}` : ''}`;
    if (n === undefined) return { weak: true, summary, reason: 'scrypt without a cost parameter n' };
    const work = n * r * p;
    if (work < KDF_THRESHOLDS.scryptWork) {
      return {
        weak: true,
        summary,
        reason: `n·r·p = ${work} < ${KDF_THRESHOLDS.scryptWork} (2^18·8·1, go-ethereum standard / EIP-2335)`,
      };
    }
    if (dklen !== undefined && dklen < KDF_THRESHOLDS.minDklen)
      return { weak: true, summary, reason: `dklen ${dklen} < 32` };
    return { weak: false, summary };
  }
  if (name === 'pbkdf2') {
    const c = numberField(params, 'c');
    const prf = stringField(params, 'prf') ?? 'hmac-sha256';
    const summary = `pbkdf2 c=${c ?? '?'} prf=${prf}`;
    if (c === undefined || c < KDF_THRESHOLDS.pbkdf2Iterations) {
      return {
        weak: true,
        summary,
        reason: `iterations ${c ?? 'missing'} < ${KDF_THRESHOLDS.pbkdf2Iterations} (Web3 Secret Storage / EIP-2335)`,
      };
    }
    if (!/^hmac-sha(256|384|512)$/.test(prf)) return { weak: true, summary, reason: `prf ${prf} is not HMAC-SHA-2` };
    if (dklen !== undefined && dklen < KDF_THRESHOLDS.minDklen)
      return { weak: true, summary, reason: `dklen ${dklen} < 32` };
    return { weak: false, summary };
  }
  return { weak: true, summary: `kdf ${kdf}`, reason: `unknown or non-standard KDF "${kdf}"` };
}

/** The match of `re` (global) inside `text[from, to)` that starts closest to `at`: files often hold several keystores. */
function nearest(text: string, re: RegExp, from: number, to: number, at: number): RegExpExecArray | undefined {
  let best: RegExpExecArray | undefined;
  const window = text.slice(from, to);
  for (const m of window.matchAll(re)) {
    if (!best || Math.abs(from + m.index - at) < Math.abs(from + best.index - at)) best = m as RegExpExecArray;
  }
  return best;
}

function detectKeystore(text: string, offset: number, sink: HitSink): void {
  const after = text.slice(offset, offset + 1500);
  let kdf: string | undefined;
  let params: string | undefined;
  let format: string;
  const inline = /^"kdf"\s*:\s*"([A-Za-z0-9_-]{1,32})"/.exec(after);
  if (inline) {
    kdf = inline[1];
    params = nearest(
      text,
      /"kdfparams"\s*:\s*\{([^{}]{0,1000})\}/g,
      Math.max(0, offset - 1500),
      offset + 1500,
      offset,
    )?.[1];
    format = 'Web3 Secret Storage v3 keystore';
  } else {
    const nested = /^"kdf"\s*:\s*\{[^{}]{0,200}?"function"\s*:\s*"([A-Za-z0-9_-]{1,32})"/.exec(after);
    const p = /^"kdf"\s*:\s*\{[^]{0,400}?"params"\s*:\s*\{([^{}]{0,1000})\}/.exec(after);
    if (!nested) return;
    kdf = nested[1];
    params = p?.[1];
    format = 'EIP-2335 keystore (validator key)';
  }
  const ciphertext = nearest(
    text,
    /"(?:ciphertext|message)"\s*:\s*"([0-9a-fA-F]{32,})"/g,
    Math.max(0, offset - 2000),
    offset + 2000,
    offset,
  )?.[1];
  if (!ciphertext || params === undefined) return;
  const verdict = judgeKdf(kdf, params);
  if (!verdict.weak) {
    sink.encrypted({ kind: 'keystore', offset, detail: `${format}, ${verdict.summary}` });
    return;
  }
  sink.hit({
    kind: 'keystore-weak-kdf',
    offset,
    secret: ciphertext,
    preview: `${verdict.summary}; ciphertext ${maskSecret(ciphertext)}`,
    confidence: 'high',
    detail: `${format} with weak KDF: ${verdict.reason}`,
  });
}

// ---- CometBFT / Tendermint key files ------------------------------------------------------------

function detectCometKey(text: string, offset: number, sink: HitSink): void {
  const m =
    /^(?:tendermint|cometbft)\/PrivKey(Ed25519|Secp256k1)"[^{}]{0,80}?"value"\s*:\s*"([A-Za-z0-9+/=]{40,100})"/.exec(
      text.slice(offset, offset + 300),
    );
  if (!m) return;
  const bytes = Buffer.from(m[2], 'base64');
  const valid = m[1] === 'Ed25519' ? isEd25519Keypair(bytes) : isSecp256k1Scalar(bytes);
  if (!valid) return;
  const nodeKey = /(^|\/)node_key[^/]*$/.test(sink.file);
  sink.hit({
    kind: nodeKey ? 'node-key' : 'validator-key',
    offset,
    secret: m[2],
    confidence: 'high',
    detail: `CometBFT ${nodeKey ? 'P2P node key' : 'validator signing key'} (${m[1]}), ${m[1] === 'Ed25519' ? 'public half derives from the seed' : 'valid secp256k1 scalar'}`,
  });
}

// ---- JSON byte-array keypairs (Solana CLI id.json) -----------------------------------------------

function detectByteArrayKeypair(text: string, offset: number, sink: HitSink): void {
  const m = /^\[\s*(\d{1,3}(?:\s*,\s*\d{1,3}){63})\s*\]/.exec(text.slice(offset, offset + 400));
  if (!m) return;
  const values = m[1].split(',').map((v) => Number(v.trim()));
  if (values.some((v) => v > 255)) return;
  const bytes = Uint8Array.from(values);
  if (!isEd25519Keypair(bytes)) return;
  sink.hit({
    kind: 'solana-keypair',
    offset,
    secret: Buffer.from(bytes).toString('hex'),
    preview: `[${values.slice(0, 2).join(',')},…64 bytes]`,
    confidence: 'high',
    detail: 'JSON byte-array ed25519 keypair (Solana CLI keypair file); public half derives from the seed',
  });
}

// ---- Cloud credentials --------------------------------------------------------------------------

const AWS_SECRET = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

function detectAws(text: string, keyId: string, offset: number, sink: HitSink): void {
  const window = text.slice(Math.max(0, offset - 600), offset + 600);
  let secret: string | undefined;
  for (const m of window.matchAll(AWS_SECRET)) {
    const s = m[0];
    if (/^[0-9a-fA-F]+$/.test(s) || distinctChars(s) < 15 || !/[A-Z]/.test(s) || !/[a-z]/.test(s)) continue;
    secret = s;
    break;
  }
  const known = WELL_KNOWN_CLOUD.get(keyId) ?? (secret ? WELL_KNOWN_CLOUD.get(secret) : undefined);
  sink.hit({
    kind: 'aws-credentials',
    offset,
    secret: secret ? `${keyId}:${secret}` : keyId,
    preview: secret ? `${maskSecret(keyId)} + secret ${maskSecret(secret)}` : maskSecret(keyId),
    confidence: known ? 'low' : secret ? 'high' : 'low',
    detail: secret
      ? `AWS ${keyId.startsWith('ASIA') ? 'temporary' : 'long-term'} access key id with a secret access key next to it`
      : 'AWS access key id (no secret access key found nearby)',
    wellKnown: known,
  });
}

function detectAzure(text: string, match: string, offset: number, sink: HitSink): void {
  const m = /^(AccountKey|SharedAccessKey)=([A-Za-z0-9+/]{40,90}={0,2})/.exec(text.slice(offset, offset + 120));
  if (!m) return;
  const bytes = Buffer.from(m[2], 'base64');
  if (bytes.length !== (m[1] === 'AccountKey' ? 64 : 32)) return;
  const lineStart = text.lastIndexOf('\n', offset) + 1;
  const conn = text.slice(lineStart, offset);
  const account = /(?:AccountName|Endpoint)=([^;"'\s]{1,120})/.exec(conn)?.[1];
  sink.hit({
    kind: 'azure-connection-string',
    offset,
    secret: m[2],
    preview: `${account ? `${account} ` : ''}${match}${maskSecret(m[2])}`,
    confidence: account ? 'high' : 'medium',
    detail: `Azure ${m[1] === 'AccountKey' ? 'storage account key (64 bytes)' : 'shared access key (32 bytes)'} in a connection string`,
  });
}

function detectToken(token: string, offset: number, sink: HitSink): void {
  const body = token.replace(/^(?:gh[pousr]_|github_pat_|glpat-|xox[abprs]-)/, '');
  if (distinctChars(body) < 10) return;
  const vendor = token.startsWith('gl')
    ? 'GitLab personal access token'
    : token.startsWith('xox')
      ? 'Slack token'
      : 'GitHub token';
  sink.hit({
    kind: 'access-token',
    offset,
    secret: token,
    confidence: token.startsWith('xox') ? 'medium' : 'high',
    detail: vendor,
  });
}

// ---- Node-provider RPC URLs ---------------------------------------------------------------------

const KEY_PARAMS = /^(?:key|apikey|api_key|api-key|dkey|token|access_token|apiKey|x-api-key)$/i;
const PLACEHOLDER = /your|example|xxxx|placeholder|changeme|api[_-]?key|project[_-]?id|\$\{|\{\{|<|>/i;

function keyLike(s: string): boolean {
  return /^[A-Za-z0-9_-]{20,100}$/.test(s) && distinctChars(s) >= 10 && /\d/.test(s) && !PLACEHOLDER.test(s);
}

function detectProviderUrl(text: string, offset: number, sink: HitSink): void {
  const lineStart = Math.max(text.lastIndexOf('\n', offset) + 1, offset - 120);
  const before = text.slice(lineStart, offset);
  const scheme = /(?:https?|wss?):\/\/[A-Za-z0-9._:@-]*$/.exec(before);
  if (!scheme) return;
  const start = lineStart + scheme.index;
  const rest = /^[^\s"'`<>)\]},;\\]{0,400}/.exec(text.slice(offset))![0];
  const raw = text.slice(start, offset) + rest;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return;
  }
  const candidates = [
    decodeURIComponent(url.password),
    ...url.pathname.split('/'),
    ...[...url.searchParams.entries()].filter(([k]) => KEY_PARAMS.test(k)).map(([, v]) => v),
  ];
  const key = candidates.find(keyLike);
  if (!key) return;
  sink.hit({
    kind: 'rpc-provider-key',
    offset: start,
    secret: key,
    preview: raw
      .split(key)
      .join(maskSecret(key))
      .replace(/(\/\/)[^/@]*:[^/@]*@/, '$1***:***@'),
    confidence: 'high',
    detail: `API key of node provider ${url.hostname} in an RPC URL`,
  });
}
