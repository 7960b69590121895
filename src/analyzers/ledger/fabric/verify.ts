import { hex, sha256 } from '../bytes.js';
import type { ReportBuilder } from '../types.js';
import { FabricParseError, parseFabricBlock, readVarint, type FabricBlock } from './blockstore.js';

function derLength(n: number): Buffer {
  if (n < 128) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let x = n; x > 0; x = Math.floor(x / 256)) bytes.unshift(x & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function derInteger(v: bigint): Buffer {
  let h = v.toString(16);
  if (h.length % 2) h = `0${h}`;
  let b = Buffer.from(h, 'hex');
  if (b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return Buffer.concat([Buffer.from([0x02]), derLength(b.length), b]);
}

function derOctets(b: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0x04]), derLength(b.length), b]);
}

/** Fabric's block header hash: SHA-256 of ASN.1 DER SEQUENCE { number, previous_hash, data_hash } (protoutil.BlockHeaderHash). */
export function fabricHeaderHash(b: Pick<FabricBlock, 'number' | 'previousHash' | 'dataHash'>): Buffer {
  const body = Buffer.concat([derInteger(b.number), derOctets(b.previousHash), derOctets(b.dataHash)]);
  return sha256(Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]));
}

/**
 * Length of the Envelope message (payload = 1, signature = 2) at the start of `env`. Protobuf
 * parsers merge concatenated messages silently, so a second envelope glued to the first would pass;
 * a field number that does not increase marks where a new message begins.
 */
export function envelopeExtent(env: Buffer): { length: number; problem?: string } {
  let p = 0;
  let lastField = 0;
  while (p < env.length) {
    const start = p;
    const key = readVarint(env, p);
    const field = Number(key.value >> 3n);
    const wire = Number(key.value & 7n);
    if (field <= lastField) return { length: start };
    if ((field !== 1 && field !== 2) || wire !== 2)
      return { length: start, problem: `unexpected field ${field} (wire type ${wire}) in an Envelope` };
    const len = readVarint(env, key.next);
    const end = len.next + Number(len.value);
    if (end > env.length)
      return { length: start, problem: `field ${field} of ${len.value} bytes runs past the end of the envelope` };
    p = end;
    lastField = field;
  }
  return { length: p };
}

interface Prev {
  number: bigint;
  hash: Buffer;
}

export class FabricVerifier {
  private prev: Prev | null = null;

  constructor(
    private readonly report: ReportBuilder,
    /** For a store bootstrapped from a snapshot: the block before the first one stored. */
    anchor?: { number: bigint; hash: Buffer },
  ) {
    if (anchor) this.prev = { number: anchor.number, hash: anchor.hash };
  }

  addBlock(buf: Buffer, meta: { offset?: number } = {}): void {
    let b: FabricBlock;
    try {
      b = parseFabricBlock(buf);
    } catch (e) {
      this.report.block({ height: null, hash: `@${meta.offset ?? 0}`, offset: meta.offset }, buf.length);
      this.report.issue({
        height: null,
        hash: null,
        offset: meta.offset,
        field: 'block',
        rule: 'unparseable',
        aspect: 'format',
        message: e instanceof FabricParseError ? e.message : String(e),
      });
      this.prev = null;
      return;
    }
    const height = Number(b.number);
    const hash = hex(fabricHeaderHash(b));
    this.report.block({ height, hash, offset: meta.offset }, buf.length);
    const issue = (
      field: string,
      rule: string,
      aspect: 'storage-integrity' | 'format' | 'linkage',
      message: string,
      expected?: string,
      actual?: string,
    ) => this.report.issue({ height, hash, offset: meta.offset, field, rule, aspect, message, expected, actual });

    const parsed: Buffer[] = [];
    b.envelopes.forEach((env, i) => {
      let extent: { length: number; problem?: string };
      try {
        extent = envelopeExtent(env);
      } catch (e) {
        extent = { length: 0, problem: (e as Error).message };
      }
      if (extent.problem) issue(`data[${i}]`, 'envelope-malformed', 'format', `transaction ${i}: ${extent.problem}`);
      else if (extent.length < env.length)
        issue(
          `data[${i}]`,
          'envelope-trailing-bytes',
          'format',
          `transaction ${i} has ${env.length - extent.length} trailing bytes after its Envelope`,
          `${extent.length} bytes`,
          `${env.length} bytes`,
        );
      else this.report.verified('envelope structure');
      parsed.push(env.subarray(0, extent.length));
    });
    const dataHash = sha256(Buffer.concat(parsed));
    if (!dataHash.equals(b.dataHash))
      issue(
        'header.data_hash',
        'data-hash-mismatch',
        'storage-integrity',
        'DataHash mismatch: SHA-256 over the parsed transaction envelopes differs from the header',
        hex(dataHash),
        hex(b.dataHash),
      );
    else this.report.verified('data hash');

    const prev = this.prev;
    if (b.number === 0n) {
      if (b.previousHash.length !== 0)
        issue(
          'header.previous_hash',
          'genesis-previous-hash',
          'linkage',
          'block 0 must have an empty previous hash',
          '',
          hex(b.previousHash),
        );
    } else if (!prev) {
      this.report.event({
        kind: 'unlinked-start',
        height,
        hash,
        message: `block ${height} is the first in the source; its previous hash ${hex(b.previousHash)} cannot be checked`,
      });
      this.report.notVerified('previous hash', 'previous block not in the source');
    } else if (prev.number + 1n !== b.number) {
      this.report.event({
        kind: prev.number >= b.number ? 'reorg' : 'gap',
        height,
        hash,
        message: `block ${height} follows block ${prev.number}`,
      });
      issue(
        'header.number',
        'number-sequence',
        'linkage',
        'block numbers do not follow each other',
        String(prev.number + 1n),
        String(b.number),
      );
    } else if (!prev.hash.equals(b.previousHash))
      issue(
        'header.previous_hash',
        'previous-hash-mismatch',
        'linkage',
        'PreviousHash mismatch: previous_hash differs from the hash of the previous block header',
        hex(prev.hash),
        hex(b.previousHash),
      );
    else this.report.verified('previous hash');
    this.report.notVerified(
      'orderer and endorser signatures, transaction validity flags',
      'needs the channel MSP configuration and endorsement policies',
    );
    this.prev = { number: b.number, hash: fabricHeaderHash(b) };
  }
}
