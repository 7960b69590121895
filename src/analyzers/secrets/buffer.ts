import { maskSecret } from '../../mask.js';
import { lowerConfidence, secretFingerprint } from './codec.js';
import type { EncryptedHit, Hit } from './hits.js';
import { lineLocator, scanText } from './scan-text.js';
import type { EncryptedKeyRecord, SecretFinding } from './types.js';

/** Folders whose files are tests, fixtures or examples: findings there are lowered one confidence step. */
const TEST_SEGMENT =
  /^(?:tests?|__tests__|spec|specs|testdata|test-data|test_data|fixtures?|__fixtures__|mocks?|__mocks__|examples?|samples?|test-?vectors|vectors)$/i;

export function isTestPath(file: string): boolean {
  return file
    .split('/')
    .slice(0, -1)
    .some((seg) => TEST_SEGMENT.test(seg));
}

const BINARY_PROBE = 8000;
/** Files larger than this are scanned in overlapping windows so memory stays bounded. */
export const WINDOW_BYTES = 16 * 1024 * 1024;
export const WINDOW_OVERLAP = 256 * 1024;

export function isBinary(buf: Uint8Array): boolean {
  return buf.subarray(0, BINARY_PROBE).indexOf(0) !== -1;
}

export interface BufferScan {
  findings: SecretFinding[];
  encrypted: EncryptedKeyRecord[];
}

interface Placement {
  /** Byte offset of this window in the file: hits before `acceptFrom` or at/after `acceptTo` belong to a neighbour. */
  acceptFrom: number;
  acceptTo: number;
  baseLine: number;
  commit?: string;
}

function finding(
  hit: Hit,
  file: string,
  line: number,
  column: number,
  placement: Placement,
  testPath: boolean,
): SecretFinding {
  const confidence = testPath ? lowerConfidence(hit.confidence) : hit.confidence;
  return {
    kind: hit.kind,
    file,
    line,
    column,
    confidence,
    preview: hit.preview ?? maskSecret(hit.secret),
    detail: hit.detail,
    fingerprint: secretFingerprint(hit.kind, hit.secret),
    ...(placement.commit ? { commit: placement.commit } : {}),
    ...(testPath ? { testPath: true } : {}),
    ...(hit.wellKnown ? { wellKnown: hit.wellKnown } : {}),
    ...(hit.damaged ? { damaged: true } : {}),
  };
}

/** Columns count characters: a line holding UTF-8 before the hit is decoded up to it. */
function characterColumn(bytes: Uint8Array, offset: number, byteColumn: number): number {
  const lineStart = offset - byteColumn + 1;
  for (let i = lineStart; i < offset; i++) {
    if (bytes[i] >= 0x80)
      return Buffer.from(bytes.buffer, bytes.byteOffset + lineStart, offset - lineStart).toString('utf8').length + 1;
  }
  return byteColumn;
}

/** Scans text bytes (a whole file, a window of one, or a git blob) and places results by line. */
export function scanTextBytes(bytes: Uint8Array, file: string, placement: Placement, out: BufferScan): void {
  const result = scanText(bytes, file);
  if (!result.hits.length && !result.encrypted.length) return;
  const testPath = isTestPath(file);
  const locate = lineLocator(result.latin1 ?? '');
  const ordered = [...result.hits, ...result.encrypted].sort((a, b) => a.offset - b.offset);
  for (const item of ordered) {
    if (item.offset < placement.acceptFrom || item.offset >= placement.acceptTo) continue;
    const { line, column } = locate(item.offset);
    const at = { line: placement.baseLine + line - 1, column: characterColumn(bytes, item.offset, column) };
    if ('secret' in item) out.findings.push(finding(item, file, at.line, at.column, placement, testPath));
    else out.encrypted.push(encryptedRecord(item, file, at.line, placement.commit));
  }
}

function encryptedRecord(e: EncryptedHit, file: string, line: number, commit?: string): EncryptedKeyRecord {
  return { kind: e.kind, file, line, detail: e.detail, ...(commit ? { commit } : {}) };
}

/**
 * Binary files are not text-scanned, but key containers are recognised by structure: Bitcoin Core
 * wallets (Berkeley DB or SQLite) with or without a master encryption key, and DER private keys.
 */
export function scanBinary(buf: Uint8Array, file: string, commit: string | undefined, out: BufferScan): void {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const bdb = b.length >= 16 && b.readUInt32LE(12) === 0x00053162;
  const sqlite = b.subarray(0, 16).toString('latin1') === 'SQLite format 3\0';
  const testPath = isTestPath(file);
  const base = { file, line: 1, ...(commit ? { commit } : {}) };
  if (bdb || sqlite) {
    const legacyKeys = bdb && b.indexOf('\x03key') !== -1;
    const descriptorKeys = sqlite && b.indexOf('walletdescriptorkey') !== -1;
    const encrypted =
      b.indexOf('\x04mkey') !== -1 || b.indexOf('walletdescriptorckey') !== -1 || (bdb && b.indexOf('\x04ckey') !== -1);
    if (legacyKeys || descriptorKeys) {
      const fp = secretFingerprint('wallet-file', b.subarray(0, 4096).toString('hex'));
      out.findings.push({
        ...base,
        kind: 'wallet-file',
        column: 1,
        confidence: testPath ? 'medium' : 'high',
        preview: `${bdb ? 'Berkeley DB' : 'SQLite'} wallet, ${b.length} bytes`,
        detail: `Bitcoin Core ${descriptorKeys ? 'descriptor' : 'legacy'} wallet holding unencrypted private keys (no master key record)`,
        fingerprint: fp,
        ...(testPath ? { testPath: true } : {}),
      });
    } else if (encrypted) {
      out.encrypted.push({
        ...base,
        kind: 'wallet-encrypted',
        detail: `Bitcoin Core wallet with a master key (${bdb ? 'Berkeley DB' : 'SQLite'})`,
      });
    }
    return;
  }
  if (/\.(?:der|key|pk8|p8)$/i.test(file) && isPlainDerPrivateKey(b)) {
    out.findings.push({
      ...base,
      kind: /_sk$|(^|\/)keystore\//.test(file) ? 'fabric-msp-key' : 'pem-private-key',
      column: 1,
      confidence: testPath ? 'medium' : 'high',
      preview: `DER private key, ${b.length} bytes`,
      detail: 'unencrypted DER private key (PKCS#8 or SEC1)',
      fingerprint: secretFingerprint('pem-private-key', b.toString('base64')),
      ...(testPath ? { testPath: true } : {}),
    });
  }
}

/** PKCS#8 PrivateKeyInfo (version 0, AlgorithmIdentifier), PKCS#1 RSAPrivateKey (version 0, modulus) or SEC1 ECPrivateKey (version 1, OCTET STRING). */
function isPlainDerPrivateKey(b: Buffer): boolean {
  if (b.length < 40 || b.length > 16384 || b[0] !== 0x30) return false;
  let i = 2;
  if (b[1] & 0x80) i = 2 + (b[1] & 0x7f);
  if (b[i] !== 0x02 || b[i + 1] !== 0x01) return false;
  const version = b[i + 2];
  const next = b[i + 3];
  return (version === 0x00 && (next === 0x30 || next === 0x02)) || (version === 0x01 && next === 0x04);
}

/** Scans one blob of bytes that is already in memory (a small file or a git blob). */
export function scanBytes(buf: Uint8Array, file: string, out: BufferScan, commit?: string): 'text' | 'binary' {
  if (isBinary(buf)) {
    scanBinary(buf, file, commit, out);
    return 'binary';
  }
  scanTextBytes(buf, file, { acceptFrom: 0, acceptTo: Infinity, baseLine: 1, commit }, out);
  return 'text';
}
