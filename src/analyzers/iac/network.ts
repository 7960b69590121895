import { DB_PORTS, P2P_PORTS, RPC_PORTS } from '../configs/common.js';
import { isExpr } from './hcl.js';
import { first, list, str, type TfModel, type TfResource } from './terraform.js';

export type CloudPortRole = 'node' | 'admin' | 'db' | 'p2p';

/** Ports whose exposure matters, by role. Node ports: each client's documented defaults. */
const NODE_PORTS: Record<number, string> = {
  ...Object.fromEntries(Object.entries(RPC_PORTS).filter(([p]) => !['2375', '6443', '10250'].includes(p))),
  8547: 'Besu GraphQL',
  1317: 'Cosmos REST API',
  9090: 'Cosmos gRPC',
  5052: 'beacon node API',
  3500: 'Prysm beacon API',
  9596: 'Lodestar beacon API',
  6060: 'pprof / metrics',
  9545: 'Besu metrics',
  26660: 'CometBFT metrics',
  26658: 'ABCI',
  5062: 'validator key-manager API',
  7500: 'Prysm validator API',
  7053: 'Fabric orderer admin',
  7054: 'Fabric CA',
  8550: 'clef signer',
};
const ADMIN_PORTS: Record<number, string> = {
  22: 'SSH',
  3389: 'RDP',
  5900: 'VNC',
  6443: 'Kubernetes API',
  10250: 'kubelet API',
  2375: 'Docker API (plain)',
  2376: 'Docker API',
};

export function cloudPorts(from: number, to: number, role: CloudPortRole): { port: number; name: string }[] {
  const table = role === 'node' ? NODE_PORTS : role === 'admin' ? ADMIN_PORTS : role === 'db' ? DB_PORTS : P2P_PORTS;
  return Object.entries(table)
    .map(([p, name]) => ({ port: Number(p), name }))
    .filter((p) => p.port >= from && p.port <= to)
    .sort((a, b) => a.port - b.port);
}

export function portNames(ports: { port: number; name: string }[]): string {
  return ports.length > 4
    ? `${ports.length} ports incl. ${ports
        .slice(0, 4)
        .map((p) => `${p.port} ${p.name}`)
        .join(', ')}`
    : ports.map((p) => `${p.port} ${p.name}`).join(', ');
}

/** An inbound allow rule of a security group, firewall or network ACL, in one shape for every provider. */
export interface IngressRule {
  resource: TfResource;
  /** Path of the rule inside the resource (for the line). */
  path: (string | number)[];
  from: number;
  to: number;
  sources: string[];
  kind: 'security-group' | 'network-acl' | 'firewall';
  /** Source expressions the configuration does not resolve (a module input, another resource's output). */
  unresolved: string[];
}

const SOURCE_ATTRS = [
  'cidr_blocks',
  'ipv6_cidr_blocks',
  'cidr_ipv4',
  'cidr_ipv6',
  'cidr_block',
  'ipv6_cidr_block',
  'cidr_ip',
  'ipv6_cidr_ip',
  'source_cidr_ip',
  'remote_ip_prefix',
  'source_ip_address',
  'source_ranges',
  'source_address_prefix',
  'source_address_prefixes',
];

function unresolvedSources(r: TfResource, path: (string | number)[]): string[] {
  let at: unknown = r.values;
  for (const p of path) at = typeof p === 'number' ? list(at)[p] : (at as Record<string, unknown> | undefined)?.[p];
  const o = first(at);
  return SOURCE_ATTRS.flatMap((k) =>
    list(o[k])
      .filter(isExpr)
      .map((e) => e.expr),
  );
}

export const OPEN_SOURCES = new Set(['0.0.0.0/0', '::/0', '*', 'Internet', 'any', '0.0.0.0']);

const num = (v: unknown, d: number) => (v === undefined || v === null || v === '' ? d : Number(v));
const strings = (v: unknown) => list(v).filter((x): x is string => typeof x === 'string');
const allProtocols = (p: unknown) => ['-1', 'all', '*'].includes(String(p ?? '').toLowerCase()) || p === -1;

function range(spec: string | undefined): [number, number] {
  if (!spec || spec === '*' || spec === '-1/-1' || spec === '1/65535') return [0, 65535];
  const [a, b] = spec.split(/[-/]/).map(Number);
  return [a, Number.isFinite(b) ? b : a];
}

export function ingressRules(model: TfModel): IngressRule[] {
  const out: Omit<IngressRule, 'unresolved'>[] = [];
  for (const r of model.resources) {
    const v = r.values;
    switch (r.type) {
      case 'aws_security_group':
        list(v.ingress).forEach((ing, i) => {
          const x = first(ing);
          const [from, to] = allProtocols(x.protocol) ? [0, 65535] : [num(x.from_port, 0), num(x.to_port, 65535)];
          out.push({
            resource: r,
            path: ['ingress', i],
            from,
            to,
            sources: [...strings(x.cidr_blocks), ...strings(x.ipv6_cidr_blocks)],
            kind: 'security-group',
          });
        });
        break;
      case 'aws_security_group_rule':
        if (v.type !== 'ingress') break;
        out.push({
          resource: r,
          path: [],
          ...portsOf(v.protocol, v.from_port, v.to_port),
          sources: [...strings(v.cidr_blocks), ...strings(v.ipv6_cidr_blocks)],
          kind: 'security-group',
        });
        break;
      case 'aws_vpc_security_group_ingress_rule':
        out.push({
          resource: r,
          path: [],
          ...portsOf(v.ip_protocol, v.from_port, v.to_port),
          sources: [...strings(v.cidr_ipv4), ...strings(v.cidr_ipv6)],
          kind: 'security-group',
        });
        break;
      case 'aws_network_acl':
        list(v.ingress).forEach((ing, i) => {
          const x = first(ing);
          if (String(x.action ?? x.rule_action ?? '').toLowerCase() !== 'allow') return;
          out.push({
            resource: r,
            path: ['ingress', i],
            ...portsOf(x.protocol, x.from_port, x.to_port),
            sources: [...strings(x.cidr_block), ...strings(x.ipv6_cidr_block)],
            kind: 'network-acl',
          });
        });
        break;
      case 'aws_network_acl_rule':
        if (v.egress === true || String(v.rule_action).toLowerCase() !== 'allow') break;
        out.push({
          resource: r,
          path: [],
          ...portsOf(v.protocol, v.from_port, v.to_port),
          sources: [...strings(v.cidr_block), ...strings(v.ipv6_cidr_block)],
          kind: 'network-acl',
        });
        break;
      case 'alicloud_security_group_rule': {
        if (v.type !== 'ingress' || String(v.policy ?? 'accept') !== 'accept') break;
        const [from, to] = allProtocols(v.ip_protocol) ? [0, 65535] : range(str(v.port_range));
        out.push({
          resource: r,
          path: [],
          from,
          to,
          sources: [...strings(v.cidr_ip), ...strings(v.ipv6_cidr_ip)],
          kind: 'security-group',
        });
        break;
      }
      case 'alicloud_network_acl':
        list(v.ingress_acl_entries).forEach((e, i) => {
          const x = first(e);
          if (String(x.policy ?? 'accept') !== 'accept') return;
          const [from, to] = allProtocols(x.protocol) ? [0, 65535] : range(str(x.port));
          out.push({
            resource: r,
            path: ['ingress_acl_entries', i],
            from,
            to,
            sources: strings(x.source_cidr_ip),
            kind: 'network-acl',
          });
        });
        break;
      case 'huaweicloud_networking_secgroup_rule': {
        if (v.direction !== 'ingress' || String(v.action ?? 'allow') !== 'allow') break;
        const ports = str(v.ports);
        const ranges: [number, number][] = ports
          ? ports.split(',').map((p) => range(p.trim()))
          : v.protocol === undefined || allProtocols(v.protocol)
            ? [[0, 65535]]
            : [[num(v.port_range_min, 0), num(v.port_range_max, 65535)]];
        for (const [from, to] of ranges)
          out.push({ resource: r, path: [], from, to, sources: strings(v.remote_ip_prefix), kind: 'security-group' });
        break;
      }
      case 'huaweicloud_network_acl_rule': {
        if (String(v.action ?? 'allow') !== 'allow') break;
        const [from, to] = v.protocol === 'any' ? [0, 65535] : range(str(v.destination_port));
        out.push({
          resource: r,
          path: [],
          from,
          to,
          sources: strings(v.source_ip_address ?? '0.0.0.0/0'),
          kind: 'network-acl',
        });
        break;
      }
      case 'huaweicloud_vpc_network_acl':
        list(v.ingress_rules).forEach((e, i) => {
          const x = first(e);
          if (String(x.action ?? 'allow') !== 'allow') return;
          const [from, to] =
            x.protocol === 'any' || x.protocol === undefined ? [0, 65535] : range(str(x.destination_port));
          out.push({
            resource: r,
            path: ['ingress_rules', i],
            from,
            to,
            sources: strings(x.source_ip_address ?? '0.0.0.0/0'),
            kind: 'network-acl',
          });
        });
        break;
      case 'google_compute_firewall':
        if (String(v.direction ?? 'INGRESS') === 'EGRESS') break;
        list(v.allow).forEach((a, i) => {
          const ports = strings(first(a).ports);
          for (const [from, to] of ports.length ? ports.map(range) : [[0, 65535] as [number, number]])
            out.push({
              resource: r,
              path: ['allow', i],
              from,
              to,
              sources: strings(v.source_ranges),
              kind: 'firewall',
            });
        });
        break;
      case 'azurerm_network_security_rule':
        if (v.direction !== 'Inbound' || v.access !== 'Allow') break;
        out.push({
          resource: r,
          path: [],
          ...(() => {
            const [from, to] = range(str(v.destination_port_range) ?? '*');
            return { from, to };
          })(),
          sources: [...strings(v.source_address_prefix), ...strings(v.source_address_prefixes)],
          kind: 'firewall',
        });
        break;
    }
  }
  return out.map((r) => ({ ...r, unresolved: unresolvedSources(r.resource, r.path) }));
}

function portsOf(protocol: unknown, from: unknown, to: unknown): { from: number; to: number } {
  if (allProtocols(protocol)) return { from: 0, to: 65535 };
  return { from: num(from, 0), to: num(to, 65535) };
}

export function openSources(r: IngressRule): string[] {
  return r.sources.filter((s) => OPEN_SOURCES.has(s));
}

export function ruleText(r: IngressRule): string {
  return `${r.resource.address}${r.path.length ? ` ${r.path.join('.')}` : ''}: ports ${r.from === r.to ? r.from : `${r.from}-${r.to}`} from ${r.sources.join(', ') || '(no source)'}`;
}
