import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { errorMessage } from '../../errors.js';
import { SEVERITIES } from '../../model.js';
import { defineCheck } from '../types.js';
import { clientVersion } from './rpc-client-version.js';

const version = z.string().regex(/^\d+\.\d+\.\d+$/);
const advisory = z
  .object({
    id: z.string().min(1),
    client: z.string().min(1),
    component: z.enum(['client', 'go']).default('client'),
    introduced: version,
    fixed: version.nullable(),
    severity: z.enum(SEVERITIES),
    kind: z.enum(['vulnerability', 'end-of-life']),
    title: z.string().min(1),
    sources: z.array(z.string().url()).min(1),
  })
  .strict();
const advisoryFile = z.object({ advisories: z.array(advisory).min(1) }).strict();
export type ClientAdvisory = z.infer<typeof advisory>;

/** The table ships in src/ and is read from there both when run from src and from dist (same depth). */
const DATA_URL = new URL('../../../data/evm-client-advisories.yaml', import.meta.url);

export function parseAdvisories(text: string): ClientAdvisory[] {
  return advisoryFile.parse(parse(text, { maxAliasCount: 10 })).advisories;
}

let cached: ClientAdvisory[] | undefined;
export function loadAdvisories(): ClientAdvisory[] {
  cached ??= parseAdvisories(readFileSync(DATA_URL, 'utf8'));
  return cached;
}

export interface ParsedClientVersion {
  client: string;
  version?: [number, number, number];
  go?: [number, number, number];
}

function triple(text: string | undefined): [number, number, number] | undefined {
  const m = text ? /^v?(\d{1,6})\.(\d{1,6})(?:\.(\d{1,6}))?/.exec(text) : null;
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

/**
 * Reads "Geth/v1.10.7-stable-12f0ff40/linux-amd64/go1.16.7" and its relatives
 * ("OpenEthereum//v3.3.5-stable/…", "besu/v23.10.2/…", "Ganache/v7.9.2/EthereumJS TestRPC/…").
 */
export function parseClientVersion(raw: string): ParsedClientVersion {
  const parts = raw.split('/').map((p) => p.trim());
  const client = (parts[0] ?? '').toLowerCase();
  const version = parts
    .slice(1)
    .map(triple)
    .find((v) => v !== undefined);
  const goPart = parts.find((p) => /^go\d+\.\d+/.test(p));
  return { client, version, go: goPart ? triple(goPart.slice(2)) : undefined };
}

function compare(a: [number, number, number], b: [number, number, number]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

export function matchingAdvisories(parsed: ParsedClientVersion, table: ClientAdvisory[]): ClientAdvisory[] {
  return table.filter((a) => {
    if (a.client !== parsed.client) return false;
    const v = a.component === 'go' ? parsed.go : parsed.version;
    if (!v) return a.kind === 'end-of-life';
    if (compare(v, triple(a.introduced)!) < 0) return false;
    return a.fixed === null || compare(v, triple(a.fixed)!) < 0;
  });
}

export default defineCheck(
  {
    id: 'evm.node.client-advisories',
    title: 'Node client version has known vulnerabilities or is end-of-life',
    description:
      'Compares the version the node reports against a table of published advisories and discontinued clients, each entry with its source. Consensus flaws in an unpatched client split it off the network (geth 1.10.0-1.10.7 on mainnet, August 2021); DoS flaws let any peer crash it.',
    targetKinds: ['evm-node'],
    severity: 'high',
    confidence: 'medium',
    tags: ['version', 'patching', 'cve'],
    remediation:
      'Upgrade the node client to a release past every listed fix; replace discontinued clients with a maintained one.',
    references: ['https://geth.ethereum.org/docs/vulnerabilities/vulnerabilities'],
    level: 'passive',
  },
  async (ctx) => {
    const { version: raw, unreadable, evidence } = await clientVersion(ctx);
    if (unreadable)
      return [
        {
          status: 'error',
          message: `${unreadable}: the version cannot be matched against advisories`,
          evidence: [evidence],
        },
      ];
    if (!raw) {
      return [
        {
          status: 'warn',
          severity: 'info',
          message: 'the node does not report its version; check it on the host',
          evidence: [evidence],
        },
      ];
    }
    let table: ClientAdvisory[];
    try {
      table = loadAdvisories();
    } catch (err) {
      return [
        {
          status: 'error',
          message: `the advisory table could not be loaded: ${errorMessage(err)}`,
          evidence: [evidence],
        },
      ];
    }
    const parsed = parseClientVersion(raw);
    const known = new Set(table.map((a) => a.client));
    const hits = matchingAdvisories(parsed, table);
    const shown = parsed.version ? `${parsed.client} ${parsed.version.join('.')}` : parsed.client;
    if (hits.length === 0) {
      return [
        known.has(parsed.client)
          ? {
              status: 'pass',
              message: `${shown}: no advisory in the table (${table.length} entries) applies`,
              evidence: [evidence],
            }
          : {
              status: 'warn',
              severity: 'info',
              confidence: 'low',
              message: `${shown}: the advisory table has no entries for this client; review its advisories by hand`,
              evidence: [evidence],
            },
      ];
    }
    return hits.map((a) => ({
      status: 'fail' as const,
      severity: a.severity,
      key: `${a.id}:${a.component}`,
      message: `${shown}: ${a.id} — ${a.title}${a.fixed ? ` (fixed in ${a.fixed})` : ''}`,
      evidence: [evidence, { label: 'advisory', value: `${a.id}: ${a.sources.join(' ')}` }],
    }));
  },
);
