import { cometNodes } from '../../analyzers/k8s/cometbft.js';
import { embeddedConfigs } from '../../analyzers/k8s/embedded.js';
import { isAllInterfaces } from '../../analyzers/configs/common.js';
import type { CheckResult } from '../types.js';
import { hit, kubeCheck } from './support.js';

const host = (laddr: string) => /^(?:tcp|http):\/\/(\[[^\]]*\]|[^:]*)/.exec(laddr)?.[1] ?? laddr.replace(/:\d+$/, '');

export default kubeCheck(
  {
    id: 'kubernetes.cometbft.rpc',
    title: 'CometBFT and Cosmos SDK RPC settings as deployed',
    description:
      "Read from config.toml / app.toml in ConfigMaps and from container arguments: `[rpc] unsafe = true` (or --rpc.unsafe) enables dial_peers and mempool flushing for every caller; CORS '*' on RPC or the Cosmos REST API lets any web page use it; a validator whose RPC listens on 0.0.0.0 serves queries it should leave to sentries.",
    severity: 'high',
    confidence: 'high',
    tags: ['kubernetes', 'cometbft', 'cosmos', 'rpc', 'blockchain'],
    remediation:
      'Set [rpc] unsafe = false and cors_allowed_origins = []; bind validator RPC to tcp://127.0.0.1:26657 and serve public RPC from full nodes; set [api] enabled-unsafe-cors = false in app.toml.',
    references: [
      'https://docs.cometbft.com/v0.38/core/configuration',
      'https://docs.cosmos.network/main/user/run-node/run-node#configuring-the-node-using-apptoml-and-configtoml',
    ],
    results: {
      unsafe: { title: 'Unsafe RPC commands enabled', severity: 'high' },
      'cors-any': { title: 'RPC or REST API allows any origin', severity: 'medium' },
      'validator-rpc-open': { title: 'Validator RPC listens on every interface', severity: 'medium' },
      'config-invalid': { title: 'config.toml in a ConfigMap does not parse', severity: 'medium' },
    },
  },
  ['ConfigMap', 'Deployment', 'StatefulSet'],
  (inv) => {
    const results: CheckResult[] = [];
    const nodes = cometNodes(inv);
    for (const n of nodes) {
      if (n.error) {
        results.push(
          hit({
            result: 'config-invalid',
            status: 'warn',
            obj: n.config!.configMap,
            path: ['data', n.config!.key],
            message: n.error,
            detail: `${n.config!.key}:parse`,
          }),
        );
        continue;
      }
      const unsafe = n.get('rpc', 'unsafe');
      if (unsafe?.value === true)
        results.push(
          hit({
            result: 'unsafe',
            status: 'fail',
            obj: unsafe.obj,
            line: unsafe.line,
            message: `${n.where}: unsafe RPC commands enabled (${unsafe.text})`,
            detail: `${n.where}:unsafe`,
          }),
        );
      const cors = n.get('rpc', 'cors_allowed_origins');
      if (Array.isArray(cors?.value) && cors.value.includes('*'))
        results.push(
          hit({
            result: 'cors-any',
            status: 'fail',
            obj: cors.obj,
            line: cors.line,
            message: `${n.where}: RPC allows any origin (${cors.text})`,
            detail: `${n.where}:cors`,
          }),
        );
      const laddr = n.get('rpc', 'laddr');
      if (n.validator && laddr && isAllInterfaces(host(String(laddr.value))))
        results.push(
          hit({
            result: 'validator-rpc-open',
            status: 'warn',
            obj: laddr.obj,
            line: laddr.line,
            message: `${n.where}: validator RPC listens on every interface (${laddr.text})`,
            detail: `${n.where}:laddr`,
          }),
        );
    }
    const apps = embeddedConfigs(inv).filter((e) => e.format === 'cosmos-app');
    for (const a of apps) {
      const m = /^\s*enabled-unsafe-cors\s*=\s*true/m.exec(a.text);
      if (m)
        results.push(
          hit({
            result: 'cors-any',
            status: 'fail',
            obj: a.configMap,
            line: a.lineOf(m.index + m[0].search(/\S/)),
            message: `${a.configMap.ref} ${a.key}: REST API allows any origin (enabled-unsafe-cors = true)`,
            detail: `${a.key}:api-cors`,
          }),
        );
    }
    return {
      results,
      examined: nodes.length + apps.length,
      subject: 'CometBFT configurations',
      clean: 'unsafe RPC and open CORS are off',
    };
  },
);
