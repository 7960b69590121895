import { finding, isAllInterfaces, portRole, type ConfigFinding, type ConfigReport } from './common.js';
import { parseYamlSource } from './structured.js';

interface Published {
  hostIp: string;
  hostPort?: string;
  containerPort: number;
  text: string;
}

function parsePortEntry(p: unknown): Published | undefined {
  if (typeof p === 'number') return { hostIp: '', containerPort: p, text: String(p) };
  if (typeof p === 'string') {
    const spec = p.replace(/\/(tcp|udp|sctp)$/, '');
    const m = /^(?:(\[[^\]]+\]|[^:]*):)?(?:([\d-]*):)?(\d+)(?:-\d+)?$/.exec(spec);
    if (!m) return undefined;
    let hostIp = m[1] ?? '';
    let hostPort = m[2];
    if (m[1] !== undefined && m[2] === undefined && /^\d+$/.test(m[1])) {
      hostPort = m[1];
      hostIp = '';
    }
    return { hostIp, hostPort, containerPort: Number(m[3]), text: p };
  }
  if (p && typeof p === 'object') {
    const o = p as Record<string, unknown>;
    const target = Number(o.target);
    if (!target) return undefined;
    return {
      hostIp: String(o.host_ip ?? ''),
      hostPort: o.published === undefined ? undefined : String(o.published),
      containerPort: target,
      text: JSON.stringify(o),
    };
  }
  return undefined;
}

/** docker-compose: RPC, database and SSH ports published on every host interface; host networking; privileged containers. */
export function auditCompose(text: string, name = 'docker-compose.yml'): ConfigReport {
  const src = parseYamlSource(text, name);
  const data = src.docs[0]?.data as Record<string, unknown> | undefined;
  const services = (data?.services ?? {}) as Record<string, Record<string, unknown>>;
  const out: ConfigFinding[] = [];
  for (const [svc, def] of Object.entries(services)) {
    if (!def || typeof def !== 'object') continue;
    const ports = Array.isArray(def.ports) ? def.ports : [];
    ports.forEach((p, i) => {
      const e = parsePortEntry(p);
      if (!e) return;
      const hostPort = Number(e.hostPort?.split('-')[0]) || e.containerPort;
      const role = portRole(e.containerPort) ?? portRole(hostPort);
      if (!role) return;
      const where = {
        setting: `services.${svc}.ports: "${e.text}"`,
        line: src.lineOf(0, ['services', svc, 'ports', i]),
        key: `${svc}:${i}`,
      };
      const wide = isAllInterfaces(e.hostIp);
      if (!wide)
        out.push(
          finding(
            'compose.published-ports',
            'pass',
            'info',
            `${svc} publishes ${role.name} only on ${e.hostIp}`,
            '',
            where,
          ),
        );
      else if (role.role === 'p2p')
        out.push(
          finding(
            'compose.published-ports',
            'pass',
            'info',
            `${svc} publishes ${role.name} on every interface (expected for peering)`,
            '',
            where,
          ),
        );
      else
        out.push(
          finding(
            'compose.published-ports',
            'fail',
            role.role === 'ssh' ? 'medium' : 'high',
            `${svc} publishes ${role.name} (${e.containerPort}) on every host interface; Docker's iptables rules bypass host firewalls such as ufw`,
            `Publish on loopback (\`127.0.0.1:${hostPort}:${e.containerPort}\`) or drop the mapping and use an internal network.`,
            where,
          ),
        );
    });
    if (def.network_mode === 'host')
      out.push(
        finding(
          'compose.host-network',
          'warn',
          'medium',
          `${svc} uses the host network: every port it opens is on the host's interfaces`,
          'Use a bridge network and publish only the needed ports.',
          {
            setting: `services.${svc}.network_mode: host`,
            line: src.lineOf(0, ['services', svc, 'network_mode']),
            key: svc,
          },
        ),
      );
    if (def.privileged === true)
      out.push(
        finding(
          'compose.privileged',
          'fail',
          'high',
          `${svc} runs privileged: a compromise of the container is a compromise of the host`,
          'Remove privileged: true; grant only the capabilities needed (cap_add).',
          {
            setting: `services.${svc}.privileged: true`,
            line: src.lineOf(0, ['services', svc, 'privileged']),
            key: svc,
          },
        ),
      );
  }
  if (!Object.keys(services).length)
    out.push(
      finding(
        'compose.parse',
        'error',
        'info',
        'no services found',
        'Give the compose file that defines the services.',
      ),
    );
  return { format: 'docker-compose', findings: out };
}
