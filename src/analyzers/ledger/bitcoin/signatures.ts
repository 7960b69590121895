import { createHash } from 'node:crypto';
import { reversedHex, sha256 } from '../bytes.js';
import { ecdsaVerify, schnorrVerify } from '../secp.js';
import type { ReportBuilder } from '../types.js';
import { Cursor, type ParsedBlock } from './block.js';
import { legacySighash, segwitV0Sighash, taprootKeySighash } from './sighash.js';
import { decodeTx, scriptPushes, type Tx, type TxOutput } from './tx.js';

export type ScriptType = 'p2pkh' | 'p2wpkh' | 'p2sh-p2wpkh' | 'p2tr-keypath';

export interface SignatureRules {
  /** BIP66 strict DER (consensus from height 363,725). */
  strictDer: boolean;
  /** Segwit v0 only accepts compressed keys (policy WITNESS_PUBKEYTYPE); off for consensus checks. */
  compressedWitnessKeys: boolean;
  lowS: boolean;
  /** STRICTENC: defined hash type and well-formed public key. */
  strictEnc: boolean;
}

/** Strict DER is forced for segwit inputs; legacy inputs in old blocks may carry lax DER, which consensus accepted before BIP66. */
export const CONSENSUS_RULES: SignatureRules = {
  strictDer: false,
  compressedWitnessKeys: false,
  lowS: false,
  strictEnc: false,
};

export type InputVerdict =
  | { status: 'valid'; type: ScriptType }
  | { status: 'invalid'; type: ScriptType; reason: string }
  | { status: 'not-verified'; type: ScriptType | 'other'; reason: string };

export function hash160(b: Buffer): Buffer {
  return createHash('ripemd160').update(sha256(b)).digest();
}

/** BIP66 IsValidSignatureEncoding, on the signature including its trailing hash-type byte. */
export function isStrictDer(sig: Buffer): boolean {
  if (sig.length < 9 || sig.length > 73) return false;
  if (sig[0] !== 0x30 || sig[1] !== sig.length - 3) return false;
  const lenR = sig[3];
  if (5 + lenR >= sig.length) return false;
  const lenS = sig[5 + lenR];
  if (lenR + lenS + 7 !== sig.length) return false;
  if (sig[2] !== 0x02 || lenR === 0 || sig[4] & 0x80) return false;
  if (lenR > 1 && sig[4] === 0 && !(sig[5] & 0x80)) return false;
  if (sig[lenR + 4] !== 0x02 || lenS === 0 || sig[lenR + 6] & 0x80) return false;
  if (lenS > 1 && sig[lenR + 6] === 0 && !(sig[lenR + 7] & 0x80)) return false;
  return true;
}

/** libsecp256k1's lax DER parser (what pre-BIP66 consensus accepted): r and s as 32-byte big-endian. */
export function parseDerLax(der: Buffer): { r: Buffer; s: Buffer } | null {
  let pos = 0;
  const readLen = (): number | null => {
    if (pos >= der.length) return null;
    let len = der[pos++];
    if (len & 0x80) {
      let n = len & 0x7f;
      if (n > der.length - pos) return null;
      while (n > 0 && der[pos] === 0) {
        pos++;
        n--;
      }
      if (n >= 4) return null;
      len = 0;
      while (n-- > 0) len = (len << 8) | der[pos++];
    }
    return len;
  };
  if (pos === der.length || der[pos++] !== 0x30) return null;
  if (readLen() === null) return null;
  const ints: Buffer[] = [];
  for (let k = 0; k < 2; k++) {
    if (pos === der.length || der[pos++] !== 0x02) return null;
    const len = readLen();
    if (len === null || len > der.length - pos) return null;
    let v = der.subarray(pos, pos + len);
    pos += len;
    while (v.length > 0 && v[0] === 0) v = v.subarray(1);
    if (v.length > 32) return null;
    const out = Buffer.alloc(32);
    v.copy(out, 32 - v.length);
    ints.push(out);
  }
  return { r: ints[0], s: ints[1] };
}

function isValidPubkeyEncoding(pk: Buffer): boolean {
  if (pk.length === 33) return pk[0] === 2 || pk[0] === 3;
  if (pk.length === 65) return pk[0] === 4;
  return false;
}

function checkEcdsa(
  sigWithType: Buffer,
  pubkey: Buffer,
  sighash: (hashType: number) => Buffer,
  rules: SignatureRules,
): string | null {
  if (sigWithType.length === 0) return 'empty signature';
  const hashType = sigWithType[sigWithType.length - 1];
  if (rules.strictDer && !isStrictDer(sigWithType)) return 'signature not strict DER (BIP66)';
  if (rules.strictEnc) {
    const base = hashType & ~0x80;
    if (base < 1 || base > 3) return `undefined hash type 0x${hashType.toString(16)}`;
    if (!isValidPubkeyEncoding(pubkey)) return 'public key encoding not allowed';
  }
  const rs = parseDerLax(sigWithType.subarray(0, -1));
  if (!rs) return 'signature not DER';
  if (
    rules.lowS &&
    BigInt(`0x${rs.s.toString('hex')}`) > 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n
  )
    return 'high-S signature';
  if (!ecdsaVerify(rs.r, rs.s, sighash(hashType), pubkey)) return 'ECDSA signature does not verify';
  return null;
}

const P2PKH = (h: Buffer) => Buffer.concat([Buffer.from('76a914', 'hex'), h, Buffer.from('88ac', 'hex')]);

/**
 * Verifies the signature of one input of a standard type. `prevouts[i]` is the spent output when
 * known; without it only P2PKH can be checked (its script code follows from the public key).
 */
export function verifyInput(
  tx: Tx,
  index: number,
  prevouts: Array<TxOutput | undefined>,
  rules: SignatureRules,
): InputVerdict {
  const inp = tx.inputs[index];
  const prev = prevouts[index];
  const w = inp.witness;
  const pushes = scriptPushes(inp.scriptSig);
  if (
    w.length === 0 &&
    pushes &&
    pushes.length === 2 &&
    pushes[0].data &&
    pushes[1].data &&
    (pushes[1].data.length === 33 || pushes[1].data.length === 65)
  ) {
    const pub = pushes[1].data;
    const code = P2PKH(hash160(pub));
    if (prev && !prev.script.equals(code))
      return { status: 'not-verified', type: 'other', reason: 'script type not covered' };
    const err = checkEcdsa(pushes[0].data, pub, (ht) => legacySighash(tx, index, code, ht), rules);
    return err ? { status: 'invalid', type: 'p2pkh', reason: err } : { status: 'valid', type: 'p2pkh' };
  }
  if (
    w.length === 2 &&
    w[1].length === 33 &&
    (inp.scriptSig.length === 0 ||
      (inp.scriptSig.length === 23 && inp.scriptSig[0] === 0x16 && inp.scriptSig[1] === 0 && inp.scriptSig[2] === 0x14))
  ) {
    const nested = inp.scriptSig.length === 23;
    const type: ScriptType = nested ? 'p2sh-p2wpkh' : 'p2wpkh';
    const keyHash = hash160(w[1]);
    if (!prev) return { status: 'not-verified', type, reason: 'spent output amount not in the source' };
    const program = Buffer.concat([Buffer.from('0014', 'hex'), keyHash]);
    const expectedSpk = nested
      ? Buffer.concat([Buffer.from('a914', 'hex'), hash160(program), Buffer.from('87', 'hex')])
      : program;
    if (!prev.script.equals(expectedSpk)) {
      if (
        nested &&
        !prev.script.equals(
          Buffer.concat([Buffer.from('a914', 'hex'), hash160(inp.scriptSig.subarray(1)), Buffer.from('87', 'hex')]),
        )
      )
        return { status: 'not-verified', type: 'other', reason: 'script type not covered' };
      if (!nested && !(prev.script.length === 22 && prev.script[0] === 0 && prev.script[1] === 0x14))
        return { status: 'not-verified', type: 'other', reason: 'script type not covered' };
      if (nested && !inp.scriptSig.subarray(3).equals(keyHash))
        return { status: 'invalid', type, reason: 'witness public key does not match the program' };
      if (!nested) return { status: 'invalid', type, reason: 'witness public key does not match the program' };
    }
    const err = checkEcdsa(w[0], w[1], (ht) => segwitV0Sighash(tx, index, P2PKH(keyHash), prev.value, ht), {
      ...rules,
      strictDer: true,
    });
    return err ? { status: 'invalid', type, reason: err } : { status: 'valid', type };
  }
  if (inp.scriptSig.length === 0 && (w.length === 1 || (w.length === 2 && w[1].length > 0 && w[1][0] === 0x50))) {
    if (!prev) return { status: 'not-verified', type: 'p2tr-keypath', reason: 'spent outputs not in the source' };
    if (!(prev.script.length === 34 && prev.script[0] === 0x51 && prev.script[1] === 0x20))
      return { status: 'not-verified', type: 'other', reason: 'script type not covered' };
    if (prevouts.some((p) => !p))
      return {
        status: 'not-verified',
        type: 'p2tr-keypath',
        reason: 'taproot signatures commit to every spent output; some are not in the source',
      };
    const sig = w[0];
    if (sig.length !== 64 && sig.length !== 65)
      return { status: 'invalid', type: 'p2tr-keypath', reason: `Schnorr signature of ${sig.length} bytes` };
    if (sig.length === 65 && sig[64] === 0)
      return { status: 'invalid', type: 'p2tr-keypath', reason: 'explicit SIGHASH_DEFAULT byte' };
    const hashType = sig.length === 65 ? sig[64] : 0;
    const msg = taprootKeySighash(tx, index, prevouts as TxOutput[], hashType, w.length === 2 ? w[1] : null);
    if (!msg)
      return { status: 'invalid', type: 'p2tr-keypath', reason: `hash type 0x${hashType.toString(16)} not allowed` };
    return schnorrVerify(sig.subarray(0, 64), msg, prev.script.subarray(2))
      ? { status: 'valid', type: 'p2tr-keypath' }
      : { status: 'invalid', type: 'p2tr-keypath', reason: 'Schnorr signature does not verify' };
  }
  return { status: 'not-verified', type: 'other', reason: 'script type not covered' };
}

/** Checks every input signature of a block; spent outputs created earlier in the same block are used as prevouts. */
export function verifyBlockSignatures(
  buf: Buffer,
  parsed: ParsedBlock,
  txids: Buffer[],
  at: { height: number | null; hash: string },
  report: ReportBuilder,
  offset?: number,
): void {
  const created = new Map<string, TxOutput>();
  for (let t = 0; t < parsed.txs.length; t++) {
    const span = parsed.txs[t];
    const tx = decodeTx(new Cursor(buf, span.start, span.end));
    if (t > 0) {
      const prevouts = tx.inputs.map((i) => created.get(`${i.prevTxid.toString('hex')}:${i.prevIndex}`));
      for (let i = 0; i < tx.inputs.length; i++) {
        const v = verifyInput(tx, i, prevouts, CONSENSUS_RULES);
        if (v.status === 'valid') report.verified(`signature ${v.type}`);
        else if (v.status === 'not-verified') report.notVerified(`signature (${v.type})`, v.reason);
        else
          report.issue({
            ...at,
            offset,
            field: `tx[${t}].input[${i}].signature`,
            rule: 'signature-invalid',
            aspect: 'non-repudiation',
            expected: 'valid signature',
            actual: v.reason,
            message: `${v.type} signature of transaction ${reversedHex(txids[t])} input ${i} is invalid${prevouts[i] ? '' : ' (spent output assumed P2PKH from the public key)'}`,
          });
      }
    }
    const id = txids[t].toString('hex');
    tx.outputs.forEach((o, k) => created.set(`${id}:${k}`, o));
  }
}
