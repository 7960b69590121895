import { scanText } from '../secrets/scan-text.js';
import { maskSecret } from '../../mask.js';

/** File names that hold signing keys (or what unlocks them) for the clients this tool knows. */
const KEY_FILE =
  /(^|\/)(priv_validator_key\.json|node_key\.json|nodekey|keystore(-m_\d+_\d+.*)?(\.json)?|UTC--.*|.*_sk|.*\.key|key\.json|validator[_-]?keys?(\.json)?|secret[_-]?key|private[_-]?key(\.pem|\.hex|\.txt)?|mnemonic(\.txt)?|seed(\.txt)?|wallet(\.json)?|.*\.keystore|password(\.txt)?|.*\.pass(word)?|jwt(secret)?(\.hex)?|slashing[_-]protection\.(json|sqlite))$/i;

/** Names that say a Secret, volume or path holds validator or node key material. */
const KEY_NAME =
  /(validator|signer|priv[_-]?val|keystore|node[_-]?key|mnemonic|wallet|msp|signcert|sk$|private[_-]?key|keys?$|seed)/i;

export function isKeyFileName(name: string): boolean {
  return KEY_FILE.test(name);
}

export function isKeyName(name: string): boolean {
  return KEY_NAME.test(name);
}

/** TLS Secrets hold a serving key that the ingress needs; they are not signing keys. */
export function isSigningKeyFile(name: string): boolean {
  return isKeyFileName(name) && !/^tls\.(key|crt)$|^ca\.crt$/.test(name.split('/').pop() ?? name);
}

export interface KeyMaterial {
  kind: string;
  preview: string;
  detail: string;
  /** 0-based line within the scanned text. */
  lineOffset: number;
}

const PEM = /-----BEGIN ((?:EC |RSA |OPENSSH |DSA |ENCRYPTED )?PRIVATE KEY)-----/;
const COMET_KEY = /"priv_key"\s*:\s*\{\s*"type"\s*:\s*"tendermint\/PrivKey/;
const KEYSTORE = /"crypto"\s*:\s*\{[\s\S]*"(ciphertext|cipher)"/i;

/** Private keys, mnemonics, keystores and access tokens in a piece of text (a ConfigMap value, an env value). */
export function keyMaterialIn(text: string, name: string): KeyMaterial[] {
  // Nothing shorter than a WIF key or a PEM header can be key material; most flags and env values are.
  if (text.length < 24) return [];
  const out: KeyMaterial[] = [];
  const lineAt = (i: number) => text.slice(0, i).split('\n').length - 1;
  const bytes = Buffer.from(text, 'utf8');
  const scanned = scanText(bytes, name);
  for (const h of scanned.hits) {
    if (h.wellKnown) continue;
    out.push({
      kind: h.kind,
      preview: h.preview ?? maskSecret(h.secret),
      detail: h.detail,
      lineOffset: bytes.subarray(0, h.offset).toString('utf8').split('\n').length - 1,
    });
  }
  const pem = PEM.exec(text);
  if (pem && !out.some((o) => o.kind === 'pem-private-key'))
    out.push({
      kind: 'pem-private-key',
      preview: `-----BEGIN ${pem[1]}-----…`,
      detail: pem[1],
      lineOffset: lineAt(pem.index),
    });
  const comet = COMET_KEY.exec(text);
  if (comet && !out.some((o) => o.kind === 'validator-key'))
    out.push({
      kind: 'validator-key',
      preview: '"priv_key": { "type": "tendermint/PrivKey…" }',
      detail: 'CometBFT validator key',
      lineOffset: lineAt(comet.index),
    });
  const ks = KEYSTORE.exec(text);
  if (ks)
    out.push({
      kind: 'keystore',
      preview: '{"crypto": {…}}',
      detail: 'encrypted keystore (its password decides its strength)',
      lineOffset: lineAt(ks.index),
    });
  return out;
}

const SECRET_VAR =
  /(pass(word|wd|phrase)?|secret|token|api[_-]?key|private[_-]?key|priv[_-]?key|mnemonic|seed|credential|jwt|auth)/i;
const PLACEHOLDER =
  /^(\$\(|\$\{|<|changeme$|change-me$|xxx+$|\*+$|todo$|example|placeholder|none$|null$|false$|true$|\d{1,5}$|\/)/i;

/** A literal value under a name that says it is a secret (PASSWORD, API_KEY, …) and is not a placeholder or a path. */
export function looksLikeLiteralSecret(name: string, value: string): boolean {
  if (!SECRET_VAR.test(name) || /(_file|_path|_dir|file$|path$)$/i.test(name)) return false;
  const v = value.trim();
  return v.length >= 6 && !PLACEHOLDER.test(v) && !/^(https?|file):\/\//.test(v);
}
