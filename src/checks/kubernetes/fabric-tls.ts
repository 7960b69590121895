import { auditFabric } from '../../analyzers/configs/fabric.js';
import { embeddedConfigs } from '../../analyzers/k8s/embedded.js';
import { mainContainers } from '../../analyzers/k8s/placement.js';
import { errorMessage } from '../../errors.js';
import type { CheckResult } from '../types.js';
import { hit, kubeCheck, WORKLOAD_KINDS } from './support.js';

const ENV: Record<string, { tls: string; mutual: string; ops: string }> = {
  'fabric-peer': {
    tls: 'CORE_PEER_TLS_ENABLED',
    mutual: 'CORE_PEER_TLS_CLIENTAUTHREQUIRED',
    ops: 'CORE_OPERATIONS_TLS_ENABLED',
  },
  'fabric-orderer': {
    tls: 'ORDERER_GENERAL_TLS_ENABLED',
    mutual: 'ORDERER_GENERAL_TLS_CLIENTAUTHREQUIRED',
    ops: 'ORDERER_OPERATIONS_TLS_ENABLED',
  },
};
const RULE_RESULT: Record<string, string> = {
  'fabric.tls': 'tls-off',
  'fabric.mutual-tls': 'no-mutual-tls',
  'fabric.operations-tls': 'operations-no-tls',
};

export default kubeCheck(
  {
    id: 'kubernetes.fabric.tls',
    title: 'Fabric peers and orderers without TLS or mutual TLS',
    description:
      'Read from the peer/orderer environment (CORE_PEER_TLS_*, ORDERER_GENERAL_TLS_*, the operations endpoint) and from core.yaml / orderer.yaml in ConfigMaps: gRPC without TLS exposes proposals and blocks, without client authentication any holder of a network path can connect, and an operations endpoint without TLS lets anyone change log levels.',
    severity: 'high',
    confidence: 'high',
    tags: ['kubernetes', 'fabric', 'tls', 'blockchain'],
    remediation:
      'Set *_TLS_ENABLED=true and *_TLS_CLIENTAUTHREQUIRED=true with the organisation CAs, and enable TLS with client authentication on the operations endpoint.',
    references: ['https://hyperledger-fabric.readthedocs.io/en/latest/enable_tls.html'],
    results: {
      'tls-off': { title: 'gRPC TLS off', severity: 'high' },
      'no-mutual-tls': { title: 'Client certificates not required', severity: 'medium' },
      'operations-no-tls': { title: 'Operations endpoint without TLS', severity: 'medium' },
    },
  },
  [...WORKLOAD_KINDS, 'ConfigMap'],
  (inv) => {
    const results: CheckResult[] = [];
    let examined = 0;
    const configs = embeddedConfigs(inv).filter((e) => e.format === 'fabric-core' || e.format === 'fabric-orderer');
    for (const w of inv.workloads)
      for (const c of mainContainers(w)) {
        const names = c.run && ENV[c.run.family];
        if (!names) continue;
        examined++;
        const get = (n: string) => c.env.find((e) => e.name === n);
        const judge = (n: string, result: string, what: string, status: 'fail' | 'warn') => {
          const e = get(n);
          if (e?.value !== undefined && e.value.toLowerCase() === 'true') return;
          // Without the variable, a mounted core.yaml / orderer.yaml decides; it is judged below.
          if (!e && configs.some((cfg) => cfg.mountedBy.includes(w))) return;
          if (!e && result !== 'tls-off' && !get(names.tls)) return;
          results.push(
            hit({
              result,
              status,
              obj: w.obj,
              line: e?.line,
              path: e ? undefined : c.path,
              message: `${w.obj.ref} ${c.run!.family} ${what} (${n}=${e?.value ?? 'not set'})`,
              detail: `${c.name}:${result}`,
            }),
          );
        };
        judge(names.tls, 'tls-off', 'serves gRPC without TLS', 'fail');
        judge(names.mutual, 'no-mutual-tls', 'does not require client certificates', 'warn');
        judge(names.ops, 'operations-no-tls', 'serves its operations endpoint without TLS', 'warn');
      }
    for (const cfg of configs) {
      examined++;
      try {
        for (const f of auditFabric(
          cfg.text,
          cfg.format as 'fabric-core' | 'fabric-orderer',
          `${cfg.configMap.ref} ${cfg.key}`,
        ).findings) {
          const result = RULE_RESULT[f.rule];
          if (!result || f.status === 'pass' || f.status === 'error') continue;
          results.push(
            hit({
              result,
              status: f.status,
              obj: cfg.configMap,
              line: f.line === undefined ? undefined : cfg.lineOf(0)! + f.line - 1,
              message: `${cfg.configMap.ref} ${cfg.key}: ${f.message}`,
              detail: `${cfg.key}:${result}`,
              evidence: f.setting ? [{ label: 'setting', value: f.setting }] : [],
            }),
          );
        }
      } catch (e) {
        results.push(
          hit({
            result: 'tls-off',
            status: 'warn',
            obj: cfg.configMap,
            path: ['data', cfg.key],
            message: `${cfg.configMap.ref} ${cfg.key} could not be read: ${errorMessage(e)}`,
            detail: `${cfg.key}:parse`,
          }),
        );
      }
    }
    return { results, examined, subject: 'Fabric peers and orderers', clean: 'TLS and mutual TLS are on' };
  },
);
