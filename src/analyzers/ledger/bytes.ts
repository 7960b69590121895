import { hash as oneShotHash } from 'node:crypto';

export function sha256(data: Uint8Array): Buffer {
  return oneShotHash('sha256', data, 'buffer') as unknown as Buffer;
}

export function sha256d(data: Uint8Array): Buffer {
  return oneShotHash(
    'sha256',
    oneShotHash('sha256', data, 'buffer') as unknown as Buffer,
    'buffer',
  ) as unknown as Buffer;
}

/** Bitcoin shows hashes byte-reversed. */
export function reversedHex(b: Uint8Array): string {
  return Buffer.from(b).reverse().toString('hex');
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

export function hex0x(b: Uint8Array): string {
  return `0x${hex(b)}`;
}

export function fromHex(s: string): Buffer {
  const clean = s.startsWith('0x') || s.startsWith('0X') ? s.slice(2) : s;
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) throw new Error(`not a hex string: ${s.slice(0, 40)}`);
  return Buffer.from(clean, 'hex');
}

export function short(s: string, n = 80): string {
  return s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s;
}
