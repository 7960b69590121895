/**
 * Client versions with publicly disclosed vulnerabilities or past end of life, keyed by the
 * product name in the P2P user agent (`/Satoshi:25.0.0/`, `/LitecoinCore:0.21.2.1/`). Each entry
 * names its source; versions below `fixedIn` (and at or above `from` when set) are affected.
 */
export interface VersionAdvisory {
  product: string;
  from?: string;
  fixedIn: string;
  severity: 'medium' | 'high' | 'critical';
  kind: 'vulnerability' | 'end-of-life';
  summary: string;
  source: string;
}

export const VERSION_ADVISORIES: VersionAdvisory[] = [
  {
    product: 'Satoshi',
    from: '0.14.0',
    fixedIn: '0.16.3',
    severity: 'critical',
    kind: 'vulnerability',
    summary:
      'CVE-2018-17144: a block with a duplicate input crashes the node (0.14.x) or inflates the supply (0.15.0–0.16.2)',
    source: 'https://bitcoincore.org/en/2018/09/20/notice/',
  },
  {
    product: 'Satoshi',
    fixedIn: '0.21.0',
    severity: 'high',
    kind: 'vulnerability',
    summary:
      'vulnerabilities fixed in 0.21.0 and earlier, disclosed on 2024-07-03 (remote crashes, CPU and memory DoS, a netsplit from excessive time adjustment, transaction censorship)',
    source: 'https://bitcoincore.org/en/security-advisories/',
  },
  {
    product: 'Satoshi',
    fixedIn: '22.0',
    severity: 'high',
    kind: 'vulnerability',
    summary:
      'vulnerabilities fixed in 22.0, disclosed in July 2024 (among them a remote crash through addr message spam)',
    source: 'https://bitcoincore.org/en/security-advisories/',
  },
  {
    product: 'Satoshi',
    fixedIn: '25.0',
    severity: 'high',
    kind: 'vulnerability',
    summary: 'CVE-2024-35202: remote crash through a crafted blocktxn message, disclosed 2024-10-08',
    source: 'https://bitcoincore.org/en/security-advisories/',
  },
  {
    product: 'Satoshi',
    fixedIn: '28.0',
    severity: 'medium',
    kind: 'end-of-life',
    summary: 'major versions before 28 receive no more security fixes since 30.0 was released (October 2025)',
    source: 'https://bitcoincore.org/en/lifecycle/',
  },
  {
    product: 'LitecoinCore',
    fixedIn: '0.21.2',
    severity: 'high',
    kind: 'vulnerability',
    summary:
      'does not validate MWEB extension blocks (soft fork active on mainnet since May 2022), so it accepts blocks upgraded nodes reject',
    source: 'https://github.com/litecoin-project/litecoin/releases/tag/v0.21.2',
  },
];

/** Parses `/Satoshi:0.21.0/`, `/LitecoinCore:0.21.2.1(comment)/` into the first product and version. */
export function parseUserAgent(subversion: string): { product: string; version: string } | undefined {
  const m = /^\/([A-Za-z][A-Za-z0-9 ._-]{0,40}):(\d+(?:\.\d+){0,3})/.exec(subversion);
  return m ? { product: m[1], version: m[2] } : undefined;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

export function advisoriesFor(product: string, version: string): VersionAdvisory[] {
  return VERSION_ADVISORIES.filter(
    (a) =>
      a.product === product &&
      compareVersions(version, a.fixedIn) < 0 &&
      (a.from === undefined || compareVersions(version, a.from) >= 0),
  );
}
