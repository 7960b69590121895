import { finding, isAllInterfaces, portRole, type ConfigFinding, type ConfigReport } from './common.js';
import { parseYamlSource, type YamlSource } from './structured.js';
import { shellWords, type Word } from '../k8s/args.js';
import { detectClient, nodeSettings, setting, settingList, type EnvValue, type NodeSetting } from '../k8s/chain.js';

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
  const lines = text.split('\n');
  for (const [svc, def] of Object.entries(services))
    if (def && typeof def === 'object') out.push(...chainService(svc, def, src, lines));
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

const DANGEROUS_MODULES = new Set([
  'personal',
  'admin',
  'debug',
  'miner',
  'clique',
  'ibft',
  'qbft',
  'trace',
  'perm',
  'txpool',
]);
const SIGNER_NAME = /validator|signer|orderer|tmkms|horcrux|sealer/i;

function commandWords(v: unknown, line: number | undefined): Word[] {
  if (typeof v === 'string') return shellWords(v, line);
  if (Array.isArray(v)) return v.map((w) => ({ text: String(w), line }));
  return [];
}

function envOf(v: unknown, line: (k: string | number) => number | undefined): EnvValue[] {
  if (Array.isArray(v))
    return v.map((e, i) => {
      const [name, ...rest] = String(e).split('=');
      return { name, value: rest.length ? rest.join('=') : undefined, line: line(i) };
    });
  if (v && typeof v === 'object')
    return Object.entries(v as Record<string, unknown>).map(([name, value]) => ({
      name,
      value: value === null || value === undefined ? undefined : String(value),
      line: line(name),
    }));
  return [];
}

/** What a blockchain client run by a compose service is told by its command line and environment. */
function chainService(svc: string, def: Record<string, unknown>, src: YamlSource, lines: string[]): ConfigFinding[] {
  const out: ConfigFinding[] = [];
  const at = (...p: (string | number)[]) => src.lineOf(0, ['services', svc, ...p]);
  // A block scalar (`command: >`) starts on the line after its key.
  const start = (key: string) => {
    const l = at(key);
    return l !== undefined && /:\s*[>|][-+0-9]*\s*(#.*)?$/.test(lines[l - 1] ?? '') ? l + 1 : l;
  };
  const words = [...commandWords(def.entrypoint, start('entrypoint')), ...commandWords(def.command, start('command'))];
  const ports = (Array.isArray(def.ports) ? def.ports : []).map((p) =>
    Number(String(p).replace(/\/.*$/, '').split(':').pop()),
  );
  const run = detectClient(String(def.image ?? ''), words, ports.filter(Number.isFinite));
  const env = envOf(def.environment, (k) => at('environment', k));
  const settings: NodeSetting[] = run ? nodeSettings(run, env) : [];
  const flag = (s: NodeSetting, why: string, severity: 'critical' | 'high' | 'medium') =>
    out.push(
      finding(
        'compose.node-flags',
        'fail',
        severity,
        `${svc} (${run!.client}) runs with ${s.text}: ${why}`,
        'Remove the flag or narrow it; keep admin, debug and account APIs off network RPC.',
        { setting: s.text, line: s.line, key: `${svc}:${s.key}` },
      ),
    );
  if (run) {
    for (const key of ['http.api', 'ws.api']) {
      const s = setting(settings, key);
      const bad = settingList(s).filter((m) => DANGEROUS_MODULES.has(m.toLowerCase()));
      if (s && bad.length)
        flag(
          s,
          `serves ${bad.join(', ')} to every caller of the port`,
          bad.some((b) => /personal|admin/i.test(b)) ? 'critical' : 'high',
        );
    }
    for (const key of ['http.cors', 'ws.origins', 'http.vhosts', 'authrpc.vhosts']) {
      const s = setting(settings, key);
      if (s && settingList(s).includes('*'))
        flag(s, key.endsWith('vhosts') ? 'any Host header is accepted' : 'any web page may call the node', 'high');
    }
    for (const [key, why] of [
      ['unlock.insecure', 'accounts may be unlocked over HTTP'],
      ['unlock.accounts', 'an account stays unlocked for every RPC caller'],
      ['unlock.devwallet', 'keys are held by an unsecured development wallet'],
      ['txs.unprotected', 'transactions without replay protection are accepted'],
      ['comet.rpc.unsafe', 'unsafe RPC commands are enabled'],
    ] as const) {
      const s = setting(settings, key);
      if (s && !/^(false|0)$/i.test(s.value)) flag(s, why, key.startsWith('unlock') ? 'critical' : 'high');
    }
    const slashing = setting(settings, 'slashing.enabled');
    if (slashing && /^false$/i.test(slashing.value)) flag(slashing, 'slashing protection is switched off', 'critical');
    const signer =
      ['validator-client', 'cometbft-signer', 'fabric-orderer'].includes(run.family) ||
      (run.family === 'remote-signer' && !setting(settings, 'slashing.db'));
    const deploy = (def.deploy ?? {}) as Record<string, unknown>;
    const replicas = Number(deploy.replicas ?? def.scale ?? 1);
    if ((signer || SIGNER_NAME.test(svc)) && replicas > 1)
      out.push(
        finding(
          'compose.signer-replicas',
          'fail',
          'critical',
          `${svc} (${run.client}) runs ${replicas} copies of a signer: they will sign the same height twice`,
          'Run exactly one copy of a signer; for availability use a remote signer with a slashing-protection database.',
          {
            setting: `replicas: ${replicas}`,
            line: deploy.replicas !== undefined ? at('deploy', 'replicas') : at('scale'),
            key: svc,
          },
        ),
      );
    if (run.client === 'couchdb') {
      const pass = env.find((e) => e.name === 'COUCHDB_PASSWORD');
      if (!pass)
        out.push(
          finding(
            'compose.couchdb-credentials',
            'fail',
            'high',
            `${svc} runs CouchDB without COUCHDB_USER/COUCHDB_PASSWORD`,
            'Set an administrator from a secret (env_file or ${VAR} substitution).',
            { setting: `services.${svc}.environment`, line: at('image'), key: svc },
          ),
        );
      else if (pass.value && !/^\$\{?[A-Za-z_]/.test(pass.value))
        out.push(
          finding(
            'compose.couchdb-credentials',
            'warn',
            'medium',
            `${svc} writes the CouchDB password into the compose file`,
            'Take it from an env_file or ${VAR} substitution kept out of the repository.',
            { setting: 'COUCHDB_PASSWORD=****', line: pass.line, key: svc },
          ),
        );
    }
  }
  const volumes = Array.isArray(def.volumes) ? def.volumes : [];
  volumes.forEach((v, i) => {
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    if (/docker\.sock/.test(text))
      out.push(
        finding(
          'compose.docker-socket',
          'fail',
          'critical',
          `${svc} mounts the Docker socket: it can start privileged containers on the host`,
          'Remove the docker.sock mount (Fabric: run chaincode as a service).',
          { setting: text, line: at('volumes', i), key: `${svc}:${i}` },
        ),
      );
  });
  return out;
}
