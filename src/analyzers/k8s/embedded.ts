import { tomlLine } from '../configs/structured.js';
import { kindOf, type Inventory, type Workload } from './inventory.js';
import { isObj, objs, type K8sObject } from './model.js';

export type EmbeddedFormat = 'cometbft' | 'cosmos-app' | 'fabric-core' | 'fabric-orderer' | 'tmkms' | 'geth';

/** A node configuration file carried in a ConfigMap, with the workloads that mount it. */
export interface EmbeddedConfig {
  configMap: K8sObject;
  key: string;
  format: EmbeddedFormat;
  text: string;
  /** Absolute line (in the manifest) of a character offset of the text; undefined in live mode. */
  lineOf(offset: number): number | undefined;
  /** Absolute line of `key =` in `[section]` of a TOML text. */
  tomlLineOf(section: string, key: string): number | undefined;
  mountedBy: Workload[];
}

function formatOf(key: string, text: string): EmbeddedFormat | undefined {
  const k = key.toLowerCase();
  if (k === 'core.yaml') return 'fabric-core';
  if (k === 'orderer.yaml') return 'fabric-orderer';
  if (k === 'tmkms.toml' || /\[\[(providers|validator|chain)\./.test(text) || /^\s*\[\[validator\]\]/m.test(text))
    return k.endsWith('.toml') ? 'tmkms' : undefined;
  if (k === 'app.toml' || (/^\s*\[api\]/m.test(text) && /^\s*\[grpc\]/m.test(text))) return 'cosmos-app';
  if (/\.toml$/.test(k) && /^\s*\[(consensus|rpc)\]/m.test(text) && /^\s*\[p2p\]/m.test(text)) return 'cometbft';
  if (/\.toml$/.test(k) && /^\s*\[Node(\.P2P)?\]/m.test(text)) return 'geth';
  return undefined;
}

function mounters(inv: Inventory, cm: K8sObject): Workload[] {
  return inv.workloads.filter(
    (w) =>
      w.obj.namespace === cm.namespace &&
      w.volumes.size > 0 &&
      [...w.volumes.values()].some(
        ({ raw }) =>
          (isObj(raw.configMap) && raw.configMap.name === cm.name) ||
          (isObj(raw.projected) &&
            objs(raw.projected.sources).some((s) => isObj(s.configMap) && s.configMap.name === cm.name)),
      ),
  );
}

const CACHE = new WeakMap<Inventory, EmbeddedConfig[]>();

/** Node configuration files carried in ConfigMaps, found once per inventory. */
export function embeddedConfigs(inv: Inventory): EmbeddedConfig[] {
  let cached = CACHE.get(inv);
  if (!cached) CACHE.set(inv, (cached = findConfigs(inv)));
  return cached;
}

function findConfigs(inv: Inventory): EmbeddedConfig[] {
  const out: EmbeddedConfig[] = [];
  for (const cm of kindOf(inv, 'ConfigMap')) {
    const data = isObj(cm.raw.data) ? cm.raw.data : {};
    for (const [key, v] of Object.entries(data)) {
      const text = String(v ?? '');
      const format = formatOf(key, text);
      if (!format) continue;
      const base = cm.source.valueLine(['data', key]);
      const lineOf = (offset: number) =>
        base === undefined || offset < 0 ? undefined : base + text.slice(0, offset).split('\n').length - 1;
      out.push({
        configMap: cm,
        key,
        format,
        text,
        lineOf,
        tomlLineOf: (section, k) => {
          const l = tomlLine(text, section, k);
          return base === undefined || l === undefined ? undefined : base + l - 1;
        },
        mountedBy: mounters(inv, cm),
      });
    }
  }
  return out;
}
