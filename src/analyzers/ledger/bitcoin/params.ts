/** Consensus parameters of the Bitcoin-family networks the verifier knows (values from Bitcoin Core's chainparams.cpp and Litecoin Core's). */
export interface BitcoinNetwork {
  name: string;
  magic: string;
  genesis: string;
  genesisTime: number;
  powLimitBits: number;
  pow: 'sha256d' | 'scrypt';
  targetTimespan: number;
  retargetInterval: number;
  /** Testnet rule: a block 20 minutes after its parent may use the minimum difficulty. */
  allowMinDifficulty: boolean;
  noRetargeting: boolean;
  bip34Height: number;
  bip66Height: number;
  bip65Height: number;
  segwitHeight: number;
}

const DAY = 24 * 3600;

export const NETWORKS: Record<string, BitcoinNetwork> = {
  mainnet: {
    name: 'bitcoin mainnet',
    magic: 'f9beb4d9',
    genesis: '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f',
    genesisTime: 1231006505,
    powLimitBits: 0x1d00ffff,
    pow: 'sha256d',
    targetTimespan: 14 * DAY,
    retargetInterval: 2016,
    allowMinDifficulty: false,
    noRetargeting: false,
    bip34Height: 227_931,
    bip66Height: 363_725,
    bip65Height: 388_381,
    segwitHeight: 481_824,
  },
  testnet: {
    name: 'bitcoin testnet3',
    magic: '0b110907',
    genesis: '000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943',
    genesisTime: 1296688602,
    powLimitBits: 0x1d00ffff,
    pow: 'sha256d',
    targetTimespan: 14 * DAY,
    retargetInterval: 2016,
    allowMinDifficulty: true,
    noRetargeting: false,
    bip34Height: 21_111,
    bip66Height: 330_776,
    bip65Height: 581_885,
    segwitHeight: 834_624,
  },
  regtest: {
    name: 'bitcoin regtest',
    magic: 'fabfb5da',
    genesis: '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206',
    genesisTime: 1296688602,
    powLimitBits: 0x207fffff,
    pow: 'sha256d',
    targetTimespan: 14 * DAY,
    retargetInterval: 2016,
    allowMinDifficulty: true,
    noRetargeting: true,
    bip34Height: 500,
    bip66Height: 1251,
    bip65Height: 1351,
    segwitHeight: 0,
  },
  'litecoin-regtest': {
    name: 'litecoin regtest',
    magic: 'fabfb5da',
    genesis: '530827f38f93b43ed12af0b3ad25a288dc02ed74d6d7857862df51fc56c416f9',
    genesisTime: 1296688928,
    powLimitBits: 0x207fffff,
    pow: 'scrypt',
    targetTimespan: 3.5 * DAY,
    retargetInterval: 2016,
    allowMinDifficulty: true,
    noRetargeting: true,
    bip34Height: 100_000_000,
    bip66Height: 100_000_000,
    bip65Height: 100_000_000,
    segwitHeight: 0,
  },
};

export function networkByMagic(magic: string): BitcoinNetwork | undefined {
  return Object.values(NETWORKS).find((n) => n.magic === magic);
}

/** Decodes `bits` (compact target). Negative or overflowing encodings are invalid. */
export function bitsToTarget(bits: number): { target: bigint; valid: boolean } {
  const exponent = bits >>> 24;
  const mantissa = bits & 0x007fffff;
  const negative = (bits & 0x00800000) !== 0 && mantissa !== 0;
  const target =
    exponent <= 3 ? BigInt(mantissa >>> (8 * (3 - exponent))) : BigInt(mantissa) << BigInt(8 * (exponent - 3));
  const overflow =
    mantissa !== 0 && (exponent > 34 || (mantissa > 0xff && exponent > 33) || (mantissa > 0xffff && exponent > 32));
  return { target, valid: !negative && !overflow && target !== 0n };
}

export function targetToBits(target: bigint): number {
  let size = 0;
  for (let t = target; t > 0n; t >>= 8n) size++;
  let compact = size <= 3 ? Number(target << BigInt(8 * (3 - size))) : Number(target >> BigInt(8 * (size - 3)));
  if (compact & 0x00800000) {
    compact >>>= 8;
    size++;
  }
  return (compact | (size << 24)) >>> 0;
}

/** The hash as the little-endian 256-bit number proof of work compares against the target. */
export function hashToNumber(hash: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(hash).reverse().toString('hex')}`);
}
