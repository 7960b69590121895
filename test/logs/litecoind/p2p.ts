import { scryptSync } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { sha256d } from '../../../src/analyzers/ledger/bytes.js';
import { encodeTx, type Tx } from '../../../src/analyzers/ledger/bitcoin/tx.js';

/**
 * A scripted peer for a real litecoind: it speaks the P2P wire format well enough to complete the
 * handshake and then send what the test asks for — valid messages, or a bad checksum, an unknown
 * command, an invalid transaction or block. The node under test writes its own log lines about it.
 */

/** Litecoin (and Bitcoin) regtest message start. */
const REGTEST_MAGIC = Buffer.from([0xfa, 0xbf, 0xb5, 0xda]);
const PROTOCOL_VERSION = 70016;

function checksum(payload: Uint8Array): Buffer {
  return Buffer.from(sha256d(payload).subarray(0, 4));
}

export function frame(command: string, payload: Uint8Array, opts: { badChecksum?: boolean } = {}): Buffer {
  const header = Buffer.alloc(24);
  REGTEST_MAGIC.copy(header, 0);
  header.write(command, 4, 12, 'ascii');
  header.writeUInt32LE(payload.length, 16);
  const sum = checksum(payload);
  if (opts.badChecksum) sum[0] ^= 0xff;
  sum.copy(header, 20);
  return Buffer.concat([header, payload]);
}

function netAddr(port: number): Buffer {
  const b = Buffer.alloc(26);
  b.writeBigUInt64LE(0n, 0);
  Buffer.from('00000000000000000000ffff7f000001', 'hex').copy(b, 8);
  b.writeUInt16BE(port, 24);
  return b;
}

function versionPayload(port: number): Buffer {
  const agent = Buffer.from('/chainaudit-test-peer:0.1/');
  const b = Buffer.alloc(4 + 8 + 8 + 26 + 26 + 8 + 1 + agent.length + 4 + 1);
  let o = b.writeInt32LE(PROTOCOL_VERSION, 0);
  o = b.writeBigUInt64LE(0n, o);
  o = b.writeBigInt64LE(BigInt(Math.floor(Date.now() / 1000)), o);
  o += netAddr(port).copy(b, o);
  o += netAddr(0).copy(b, o);
  o = b.writeBigUInt64LE(BigInt.asUintN(64, BigInt(Math.floor(Math.random() * 2 ** 52))), o);
  o = b.writeUInt8(agent.length, o);
  o += agent.copy(b, o);
  o = b.writeInt32LE(0, o);
  b.writeUInt8(1, o);
  return b;
}

export class ScriptedPeer {
  private socket!: Socket;
  private inbox = Buffer.alloc(0);
  private commands: string[] = [];
  private closed = false;
  private waiters: (() => void)[] = [];

  private constructor(private readonly port: number) {}

  /** Connects and completes the version/verack handshake. */
  static async connect(port: number, timeoutMs = 10_000): Promise<ScriptedPeer> {
    const peer = new ScriptedPeer(port);
    await peer.open(timeoutMs);
    return peer;
  }

  private open(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const s = connect({ host: '127.0.0.1', port: this.port });
      this.socket = s;
      const timer = setTimeout(() => {
        s.destroy();
        reject(new Error(`P2P handshake with 127.0.0.1:${this.port} timed out`));
      }, timeoutMs);
      s.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      s.on('close', () => {
        this.closed = true;
        this.wake();
      });
      s.on('data', (d: Buffer) => {
        this.inbox = Buffer.concat([this.inbox, d]);
        this.parse();
      });
      s.once('connect', () => s.write(frame('version', versionPayload(this.port))));
      void this.until(() => this.commands.includes('verack') && this.commands.includes('version'), timeoutMs).then(
        () => {
          clearTimeout(timer);
          s.write(frame('verack', new Uint8Array()));
          resolve();
        },
        (e) => {
          clearTimeout(timer);
          reject(e);
        },
      );
    });
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private parse(): void {
    while (this.inbox.length >= 24) {
      const length = this.inbox.readUInt32LE(16);
      if (this.inbox.length < 24 + length) return;
      const command = this.inbox.subarray(4, 16).toString('ascii').replace(/\0+$/, '');
      const payload = this.inbox.subarray(24, 24 + length);
      this.inbox = this.inbox.subarray(24 + length);
      this.commands.push(command);
      if (command === 'ping') this.socket.write(frame('pong', payload));
    }
    this.wake();
  }

  private until(cond: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    return new Promise((resolve, reject) => {
      const check = () => {
        if (cond()) return resolve();
        if (this.closed) return reject(new Error('peer connection closed'));
        if (Date.now() > deadline) return reject(new Error('timed out waiting for the node'));
        this.waiters.push(check);
        setTimeout(check, 100);
      };
      check();
    });
  }

  /** The local port of the connection: the node lists the peer under 127.0.0.1:<this port>. */
  get localPort(): number {
    return this.socket.localPort ?? 0;
  }

  get disconnected(): boolean {
    return this.closed;
  }

  send(command: string, payload: Uint8Array, opts: { badChecksum?: boolean } = {}): void {
    this.socket.write(frame(command, payload, opts));
  }

  sendTx(tx: Tx): void {
    this.send('tx', encodeTx(tx));
  }

  /** Waits for the node to answer a ping, so every message sent before it has been processed. */
  async sync(timeoutMs = 10_000): Promise<void> {
    const nonce = Buffer.alloc(8);
    nonce.writeBigUInt64LE(BigInt(Date.now()));
    const before = this.commands.filter((c) => c === 'pong').length;
    this.send('ping', nonce);
    await this.until(() => this.commands.filter((c) => c === 'pong').length > before, timeoutMs);
  }

  /** Waits until the node drops the connection (after misbehaviour). */
  async waitForDisconnect(timeoutMs = 10_000): Promise<void> {
    await this.until(() => this.closed, timeoutMs).catch(() => {
      throw new Error(`the node did not disconnect the peer within ${timeoutMs} ms`);
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

export interface BlockHeader {
  version: number;
  prevHash: string;
  merkleRoot: Uint8Array;
  time: number;
  bits: number;
  nonce: number;
}

function headerBytes(h: BlockHeader): Buffer {
  const b = Buffer.alloc(80);
  b.writeInt32LE(h.version, 0);
  Buffer.from(h.prevHash, 'hex').reverse().copy(b, 4);
  Buffer.from(h.merkleRoot).copy(b, 36);
  b.writeUInt32LE(h.time, 68);
  b.writeUInt32LE(h.bits, 72);
  b.writeUInt32LE(h.nonce >>> 0, 76);
  return b;
}

function merkleRoot(txs: Tx[]): Uint8Array {
  let level = txs.map((t) => sha256d(encodeTx(t)));
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const right = level[i + 1] ?? level[i];
      next.push(sha256d(Buffer.concat([level[i], right])));
    }
    level = next;
  }
  return level[0];
}

function targetOf(bits: number): bigint {
  return BigInt(bits & 0xffffff) << BigInt(8 * ((bits >>> 24) - 3));
}

/** Litecoin's proof of work is scrypt(N=1024, r=1, p=1) of the header, read as a little-endian number. */
function powValue(header: Buffer): bigint {
  const h = scryptSync(header, header, 32, { N: 1024, r: 1, p: 1 });
  return BigInt(`0x${Buffer.from(h).reverse().toString('hex')}`);
}

export function coinbase(height: number, script: Buffer, value: bigint): Tx {
  const heightPush = Buffer.alloc(4);
  heightPush.writeUInt32LE(height);
  return {
    version: 1,
    inputs: [
      {
        prevTxid: Buffer.alloc(32),
        prevIndex: 0xffffffff,
        scriptSig: Buffer.from([0x04, ...heightPush, 0x00]),
        sequence: 0xffffffff,
        witness: [],
      },
    ],
    outputs: [{ value, script }],
    lockTime: 0,
    segwit: false,
  };
}

/**
 * Serializes a block over the given transactions (coinbase first), mined to the given bits unless
 * `badPow` asks for a header that fails proof of work, or `merkle` overrides the root.
 */
export function buildBlock(opts: {
  prevHash: string;
  time: number;
  bits: number;
  txs: Tx[];
  badPow?: boolean;
  merkle?: Uint8Array;
}): { hex: string; bytes: Buffer; hash: string } {
  const header: BlockHeader = {
    version: 0x20000000,
    prevHash: opts.prevHash,
    merkleRoot: opts.merkle ?? merkleRoot(opts.txs),
    time: opts.time,
    bits: opts.bits,
    nonce: 0,
  };
  const target = targetOf(opts.bits);
  for (; ; header.nonce++) {
    const ok = powValue(headerBytes(header)) <= target;
    if (ok !== Boolean(opts.badPow)) break;
  }
  const txBytes = opts.txs.map((t) => Buffer.from(encodeTx(t)));
  const count = Buffer.from([opts.txs.length]);
  const hb = headerBytes(header);
  const bytes = Buffer.concat([hb, count, ...txBytes]);
  return { hex: bytes.toString('hex'), bytes, hash: Buffer.from(sha256d(hb)).reverse().toString('hex') };
}
