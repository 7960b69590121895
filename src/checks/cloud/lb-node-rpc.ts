import { cloudPorts } from '../../analyzers/iac/network.js';
import { listeners } from '../../analyzers/iac/resources.js';
import type { CheckResult } from '../types.js';
import { cloudCheck, cloudHit } from './support.js';

export default cloudCheck(
  {
    id: 'cloud.lb.node-rpc',
    title: 'Internet-facing load balancers forwarding node RPC',
    description:
      'A public load balancer listener that forwards to node RPC, WebSocket, Engine or admin ports publishes the node; over HTTP or plain TCP the calls and any API keys travel in clear, and the node itself does the (missing) authentication.',
    severity: 'high',
    confidence: 'high',
    tags: ['cloud', 'terraform', 'load-balancer', 'rpc', 'blockchain'],
    remediation:
      'Terminate TLS (HTTPS/TLS listeners) in front of an authenticating RPC gateway; make node load balancers internal; never forward Engine or admin ports.',
    references: ['https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html'],
    results: {
      'plain-public': { title: 'Public listener forwards node RPC without TLS', severity: 'critical' },
      'tls-public': { title: 'Public listener forwards node RPC over TLS', severity: 'low' },
      internal: { title: 'Internal listener forwards node RPC', severity: 'info' },
    },
  },
  (model) => {
    const results: CheckResult[] = [];
    const ls = listeners(model).filter(
      (l) =>
        cloudPorts(l.port, l.port, 'node').length ||
        (l.backendPort && cloudPorts(l.backendPort, l.backendPort, 'node').length),
    );
    for (const l of ls) {
      const port =
        cloudPorts(l.backendPort ?? l.port, l.backendPort ?? l.port, 'node')[0] ??
        cloudPorts(l.port, l.port, 'node')[0];
      const tls = /HTTPS|TLS|QUIC/.test(l.protocol);
      const where = `${l.listener.address} (${l.protocol} ${l.port}${l.backendPort ? ` → ${l.backendPort}` : ''}${l.lb ? ` on ${l.lb.address}` : ''})`;
      results.push(
        !l.internetFacing
          ? cloudHit({
              result: 'internal',
              status: 'pass',
              resource: l.listener,
              path: l.path,
              message: `${where} forwards ${port.name} on an internal load balancer`,
              detail: 'listener',
            })
          : tls
            ? cloudHit({
                result: 'tls-public',
                status: 'warn',
                resource: l.listener,
                path: l.path,
                message: `${where} publishes ${port.name} to the internet over TLS: only the gateway behind it can authenticate callers`,
                detail: 'listener',
              })
            : cloudHit({
                result: 'plain-public',
                status: 'fail',
                resource: l.listener,
                path: l.path,
                message: `${where} publishes ${port.name} to the internet without TLS`,
                detail: 'listener',
              }),
      );
    }
    return {
      results,
      examined: ls.length,
      subject: 'listeners forwarding node ports',
      clean: 'none publishes node RPC',
    };
  },
);
