/** Ethereum hard forks in order, with what each changes for a static verifier. */
export const FORKS = [
  'Frontier',
  'Homestead',
  'EIP150',
  'EIP158',
  'Byzantium',
  'Constantinople',
  'ConstantinopleFix',
  'Istanbul',
  'Berlin',
  'London',
  'Paris',
  'Shanghai',
  'Cancun',
  'Prague',
] as const;
export type Fork = (typeof FORKS)[number];

export function atLeast(fork: Fork, than: Fork): boolean {
  return FORKS.indexOf(fork) >= FORKS.indexOf(than);
}

/** When forks activate: block numbers up to London, the Merge by difficulty reaching 0, timestamps after. */
export interface ForkSchedule {
  name: string;
  chainId: bigint;
  byBlock: Array<[Fork, number]>;
  /** The Merge: by block number when known, else recognised by a header with difficulty 0. */
  paris?: number | 'by-difficulty';
  byTime: Array<[Fork, number]>;
}

export const MAINNET: ForkSchedule = {
  name: 'mainnet',
  chainId: 1n,
  byBlock: [
    ['Frontier', 0],
    ['Homestead', 1_150_000],
    ['EIP150', 2_463_000],
    ['EIP158', 2_675_000],
    ['Byzantium', 4_370_000],
    ['ConstantinopleFix', 7_280_000],
    ['Istanbul', 9_069_000],
    ['Berlin', 12_244_000],
    ['London', 12_965_000],
  ],
  paris: 15_537_394,
  byTime: [
    ['Shanghai', 1_681_338_455],
    ['Cancun', 1_710_338_135],
    ['Prague', 1_746_612_311],
  ],
};

/** Schedule of an ethereum/tests network name: `Cancun`, `BerlinToLondonAt5`, `ArrowGlacierToParisAtDiffC0000`. */
export function testNetworkSchedule(network: string, chainId = 1n): ForkSchedule {
  const transition = /^(\w+?)To(\w+?)At(Diff)?([0-9A-Fa-f]+)$/.exec(network);
  const base = (transition ? transition[1] : network) as string;
  const known = (f: string): Fork =>
    f === 'ArrowGlacier' || f === 'GrayGlacier'
      ? 'London'
      : (FORKS as readonly string[]).includes(f)
        ? (f as Fork)
        : fail(f);
  const fail = (f: string): never => {
    throw new Error(`unknown fork ${f}`);
  };
  const baseFork = known(base);
  const s: ForkSchedule = { name: network, chainId, byBlock: [], byTime: [] };
  const upTo = (fork: Fork, at: number) => {
    for (const f of FORKS) {
      if (!atLeast(fork, f)) break;
      if (f === 'Paris') s.paris = at;
      else if (atLeast(f, 'Shanghai')) s.byTime.push([f, at]);
      else s.byBlock.push([f, at]);
    }
  };
  upTo(baseFork, 0);
  if (transition) {
    const target = known(transition[2]);
    const at = Number.parseInt(transition[4], transition[3] ? 16 : 10);
    if (transition[3]) {
      upTo(target === 'Paris' ? 'London' : target, 0);
      s.paris = 'by-difficulty';
    } else {
      for (const f of FORKS) {
        if (atLeast(baseFork, f)) continue;
        if (!atLeast(target, f)) break;
        if (f === 'Paris') s.paris = at;
        else if (atLeast(f, 'Shanghai')) s.byTime.push([f, at]);
        else s.byBlock.push([f, at]);
      }
    }
  }
  return s;
}

/** The fork in force for a block. `difficulty` lets a schedule recognise the Merge by header shape. */
export function forkAt(s: ForkSchedule, number: number, timestamp: number, difficulty: bigint | null): Fork {
  let fork: Fork = 'Frontier';
  for (const [f, at] of s.byBlock) if (number >= at) fork = f;
  const merged =
    s.paris === 'by-difficulty'
      ? difficulty === 0n && atLeast(fork, 'London')
      : s.paris !== undefined && number >= s.paris;
  if (merged) {
    fork = 'Paris';
    for (const [f, at] of s.byTime) if (timestamp >= at) fork = f;
  }
  return fork;
}

/** For a chain with no known schedule: the newest fork whose header shape matches. */
export function forkFromHeaderShape(fields: number, difficulty: bigint): Fork {
  if (fields >= 21) return 'Prague';
  if (fields >= 20) return 'Cancun';
  if (fields >= 17) return 'Shanghai';
  if (fields >= 16) return difficulty === 0n ? 'Paris' : 'London';
  return 'Berlin';
}
