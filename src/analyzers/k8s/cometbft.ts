import { parse as parseToml } from 'smol-toml';
import { setting } from './chain.js';
import { embeddedConfigs, type EmbeddedConfig } from './embedded.js';
import type { Inventory, Workload } from './inventory.js';
import type { K8sObject } from './model.js';
import { mainContainers, pinned, placedPods, REGION, separation, voterGroups, ZONE } from './placement.js';

/** One CometBFT setting as deployed: from a config.toml in a ConfigMap or a flag in container args. */
export interface CometValue {
  value: unknown;
  text: string;
  obj: K8sObject;
  line?: number;
}

export interface CometNode {
  /** The config file (ConfigMap key) or the workload whose flags are read. */
  where: string;
  config?: EmbeddedConfig;
  toml?: Record<string, unknown>;
  /** Workloads that run with these settings. */
  workloads: Workload[];
  validator: boolean;
  get(section: string, key: string): CometValue | undefined;
  /** Set when the config.toml could not be parsed. */
  error?: string;
  /** For a workload's flags: the mounted config.toml they complete. */
  file?: CometNode;
}

const FLAG_KEYS: Record<string, [string, string]> = {
  'comet.rpc.laddr': ['rpc', 'laddr'],
  'comet.rpc.unsafe': ['rpc', 'unsafe'],
  'comet.double-sign-check': ['consensus', 'double_sign_check_height'],
  'comet.p2p.pex': ['p2p', 'pex'],
  'comet.privval.laddr': ['', 'priv_validator_laddr'],
};

const CACHE = new WeakMap<Inventory, CometNode[]>();

/** CometBFT settings per config file and per workload (flags override the file they mount), once per inventory. */
export function cometNodes(inv: Inventory): CometNode[] {
  let cached = CACHE.get(inv);
  if (!cached) CACHE.set(inv, (cached = findNodes(inv)));
  return cached;
}

function findNodes(inv: Inventory): CometNode[] {
  const out: CometNode[] = [];
  const isComet = (w: Workload) => mainContainers(w).some((c) => c.run?.family === 'cometbft');
  for (const cfg of embeddedConfigs(inv).filter((e) => e.format === 'cometbft')) {
    let toml: Record<string, unknown> | undefined;
    let error: string | undefined;
    try {
      toml = parseToml(cfg.text) as Record<string, unknown>;
    } catch (e) {
      error = `${cfg.configMap.ref} data ${cfg.key}: invalid TOML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
    }
    const workloads = cfg.mountedBy.filter(isComet);
    out.push({
      where: `${cfg.configMap.ref} ${cfg.key}`,
      config: cfg,
      toml,
      error,
      workloads,
      validator:
        workloads.some((w) => w.role.kind === 'signer') ||
        (!workloads.length && /validator/i.test(cfg.configMap.name)) ||
        (toml !== undefined && typeof toml.priv_validator_laddr === 'string' && toml.priv_validator_laddr !== ''),
      get(section, key) {
        const sec = section ? (toml?.[section] as Record<string, unknown> | undefined) : toml;
        if (!sec || !(key in sec)) return undefined;
        const v = sec[key];
        return {
          value: v,
          text: `${section ? `[${section}] ` : ''}${key} = ${JSON.stringify(v)}`,
          obj: cfg.configMap,
          line: cfg.tomlLineOf(section, key),
        };
      },
    });
  }
  for (const w of inv.workloads.filter(isComet)) {
    const c = mainContainers(w).find((x) => x.run?.family === 'cometbft')!;
    const flags = Object.entries(FLAG_KEYS).filter(([k]) => setting(c.settings, k));
    if (!flags.length) continue;
    // Flags override the config.toml the workload mounts; what they leave out comes from the file.
    const file = out.find((n) => n.config && n.workloads.includes(w));
    out.push({
      where: `${w.obj.ref} container ${c.name} arguments`,
      workloads: [w],
      file,
      validator: w.role.kind === 'signer',
      get(section, key) {
        const hit = flags.find(([, [s, k]]) => s === section && k === key);
        if (!hit) return file?.get(section, key);
        const s = setting(c.settings, hit[0])!;
        return {
          value:
            s.value === 'true' ? true : s.value === 'false' ? false : /^\d+$/.test(s.value) ? Number(s.value) : s.value,
          text: s.text,
          obj: w.obj,
          line: s.line,
        };
      },
    });
  }
  return out;
}

/** Go durations as written in config.toml (`3s`, `500ms`, `1m0s`) in milliseconds. */
export function durationMs(v: unknown): number | undefined {
  if (typeof v === 'number') return v / 1e6;
  const s = String(v ?? '').trim();
  if (!s) return undefined;
  let total = 0;
  let rest = s;
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 1e-6 };
  while (rest) {
    const m = /^(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * unit[m[2]];
    rest = rest.slice(m[0].length);
  }
  return total;
}

export type Spread = 'multi-region' | 'multi-zone' | 'single-zone' | 'unknown';

/** How far apart the validators of a chain are: from pinned regions/zones, required spreads, and live placement. */
export function chainSpread(inv: Inventory, ws: Workload[]): { spread: Spread; why: string } {
  const chains = new Set(ws.map((w) => w.chain));
  const group = voterGroups(inv)
    .filter((g) => chains.has(g.chain))
    .flatMap((g) => g.workloads);
  const members = group.length ? group : ws;
  const regions = new Set(members.flatMap((w) => pinned(w, REGION)?.values ?? []));
  const placed = placedPods(inv, members);
  for (const p of placed) if (p.region) regions.add(p.region);
  if (regions.size > 1)
    return { spread: 'multi-region', why: `validators in regions ${[...regions].sort().join(', ')}` };
  const zones = new Set(members.flatMap((w) => pinned(w, ZONE)?.values ?? []));
  for (const p of placed) if (p.zone) zones.add(p.zone);
  if (zones.size > 1) return { spread: 'multi-zone', why: `validators in zones ${[...zones].sort().join(', ')}` };
  const spreadRule = members.map((w) => separation(w, members, [ZONE, REGION])).find((s) => s.level !== 'none');
  if (spreadRule?.rule)
    return {
      spread: spreadRule.rule.key === REGION ? 'multi-region' : 'multi-zone',
      why: `validators spread over ${spreadRule.rule.key}`,
    };
  if (zones.size === 1) return { spread: 'single-zone', why: `validators in zone ${[...zones][0]}` };
  return { spread: 'unknown', why: 'no zone or region placement in the input' };
}
