import { finding, sensitivePortsIn, type ConfigFinding, type ConfigReport } from './common.js';

export interface HclBlock {
  type: string;
  labels: string[];
  line: number;
  attrs: Map<string, { raw: string; line: number }>;
  children: HclBlock[];
}

const MAX_DEPTH = 32;

/**
 * A line-oriented reader for the HCL subset security groups use: blocks, `name = value`
 * attributes (lists may span lines). Expressions are kept as text, never evaluated.
 */
export function parseHcl(text: string): HclBlock[] {
  const root: HclBlock = { type: '', labels: [], line: 0, attrs: new Map(), children: [] };
  const stack = [root];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/(^|\s)(#|\/\/).*$/, '').trim();
    if (!line) continue;
    const open = /^([\w-]+)((?:\s+"[^"]*"|\s+[\w-]+)*)\s*\{\s*(\}?)$/.exec(line);
    if (open) {
      const block: HclBlock = {
        type: open[1],
        labels: [...open[2].matchAll(/"([^"]*)"|([\w-]+)/g)].map((m) => m[1] ?? m[2]),
        line: i + 1,
        attrs: new Map(),
        children: [],
      };
      stack[stack.length - 1].children.push(block);
      if (!open[3]) {
        if (stack.length > MAX_DEPTH) throw new Error(`blocks nested deeper than ${MAX_DEPTH} levels`);
        stack.push(block);
      }
      continue;
    }
    if (/^\}/.test(line)) {
      if (stack.length > 1) stack.pop();
      continue;
    }
    const attr = /^([\w-]+)\s*=\s*(.*)$/.exec(line);
    if (attr) {
      let raw = attr[2];
      const start = i;
      let depth = (raw.match(/\[/g)?.length ?? 0) - (raw.match(/\]/g)?.length ?? 0);
      while (depth > 0 && i + 1 < lines.length && i - start < 200) {
        const next = lines[++i].replace(/(^|\s)(#|\/\/).*$/, '').trim();
        raw += ` ${next}`;
        depth += (next.match(/\[/g)?.length ?? 0) - (next.match(/\]/g)?.length ?? 0);
      }
      stack[stack.length - 1].attrs.set(attr[1], { raw: raw.trim(), line: start + 1 });
    }
  }
  return root.children;
}

const strings = (raw?: string) => [...(raw ?? '').matchAll(/"([^"]*)"/g)].map((m) => m[1]);
const num = (raw?: string) => Number((raw ?? '').replace(/"/g, ''));
const OPEN_SOURCES = new Set(['0.0.0.0/0', '::/0', '*', 'Internet', 'any']);

interface Rule {
  from: number;
  to: number;
  sources: string[];
  line: number;
  where: string;
}

function rangeFromPorts(spec: string): [number, number] {
  const [a, b] = spec.split('-').map(Number);
  return [a, Number.isFinite(b) ? b : a];
}

function rulesOf(blocks: HclBlock[]): Rule[] {
  const rules: Rule[] = [];
  const visit = (b: HclBlock, resource?: string) => {
    const res = b.type === 'resource' ? `${b.labels[0]}.${b.labels[1]}` : resource;
    const a = (k: string) => b.attrs.get(k)?.raw;
    const allPorts = (p?: string) => /"-1"|"all"|^-1$/.test(p ?? '');
    if (
      b.type === 'ingress' ||
      (b.type === 'resource' && b.labels[0] === 'aws_security_group_rule' && strings(a('type'))[0] === 'ingress')
    ) {
      const [from, to] = allPorts(a('protocol')) ? [0, 65535] : [num(a('from_port')), num(a('to_port'))];
      rules.push({
        from,
        to,
        sources: [...strings(a('cidr_blocks')), ...strings(a('ipv6_cidr_blocks'))],
        line: b.line,
        where: `${res ?? ''} ${b.type}`.trim(),
      });
    }
    if (b.type === 'resource' && b.labels[0] === 'aws_vpc_security_group_ingress_rule') {
      const [from, to] = allPorts(a('ip_protocol')) ? [0, 65535] : [num(a('from_port')), num(a('to_port'))];
      rules.push({
        from,
        to,
        sources: [...strings(a('cidr_ipv4')), ...strings(a('cidr_ipv6'))],
        line: b.line,
        where: res!,
      });
    }
    if (b.type === 'resource' && b.labels[0] === 'google_compute_firewall' && strings(a('direction'))[0] !== 'EGRESS') {
      const sources = strings(a('source_ranges'));
      for (const allow of b.children.filter((c) => c.type === 'allow')) {
        const ports = strings(allow.attrs.get('ports')?.raw);
        const ranges = ports.length ? ports.map(rangeFromPorts) : [[0, 65535] as [number, number]];
        for (const [from, to] of ranges) rules.push({ from, to, sources, line: allow.line, where: res! });
      }
    }
    if (
      b.type === 'resource' &&
      b.labels[0] === 'azurerm_network_security_rule' &&
      strings(a('direction'))[0] === 'Inbound' &&
      strings(a('access'))[0] === 'Allow'
    ) {
      const spec = strings(a('destination_port_range'))[0] ?? '*';
      const [from, to] = spec === '*' ? [0, 65535] : rangeFromPorts(spec);
      rules.push({
        from,
        to,
        sources: [...strings(a('source_address_prefix')), ...strings(a('source_address_prefixes'))],
        line: b.line,
        where: res!,
      });
    }
    for (const c of b.children) visit(c, res);
  };
  for (const b of blocks) visit(b);
  return rules;
}

/** Terraform security groups / firewall rules open to the whole internet on SSH, RPC, P2P or database ports. */
export function auditTerraform(text: string): ConfigReport {
  const out: ConfigFinding[] = [];
  const rules = rulesOf(parseHcl(text));
  for (const r of rules) {
    const open = r.sources.filter((s) => OPEN_SOURCES.has(s));
    const hit = sensitivePortsIn(r.from, r.to).filter((p) => p.role !== 'p2p');
    const setting = `${r.where}: ports ${r.from === r.to ? r.from : `${r.from}-${r.to}`} from ${r.sources.join(', ') || '(no source)'}`;
    const p2p = sensitivePortsIn(r.from, r.to).filter((p) => p.role === 'p2p');
    if (!hit.length) {
      if (p2p.length && open.length)
        out.push(
          finding(
            'terraform.open-p2p',
            'warn',
            'medium',
            `${r.where} opens ${p2p.map((p) => `${p.port} ${p.name}`).join(', ')} to ${open.join(', ')}`,
            "For a consortium network allow P2P only from the member organisations' addresses.",
            { setting, line: r.line, key: `${r.line}:${r.from}-${r.to}` },
          ),
        );
      continue;
    }
    const names =
      hit.length > 4
        ? `${hit.length} sensitive ports incl. ${hit
            .slice(0, 4)
            .map((p) => `${p.port} ${p.name}`)
            .join(', ')}`
        : hit.map((p) => `${p.port} ${p.name}`).join(', ');
    if (open.length)
      out.push(
        finding(
          'terraform.open-ingress',
          'fail',
          hit.some((p) => p.role !== 'ssh') ? 'critical' : 'high',
          `${r.where} opens ${names} to ${open.join(', ')}`,
          'Restrict the source to the admin / application networks (or a bastion security group); keep RPC and databases off the internet.',
          { setting, line: r.line, key: `${r.line}:${r.from}-${r.to}` },
        ),
      );
    else
      out.push(
        finding(
          'terraform.open-ingress',
          'pass',
          'info',
          `${r.where} allows ${names} only from ${r.sources.join(', ') || 'referenced groups'}`,
          '',
          { setting, line: r.line, key: `${r.line}:${r.from}-${r.to}` },
        ),
      );
  }
  if (!rules.length) out.push(finding('terraform.open-ingress', 'pass', 'info', 'no ingress rules found', ''));
  return { format: 'terraform', findings: out };
}
