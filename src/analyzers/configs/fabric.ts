import { finding, isAllInterfaces, type ConfigFinding, type ConfigReport } from './common.js';
import { get, parseYamlSource } from './structured.js';

/** Hyperledger Fabric core.yaml (peer) or orderer.yaml. */
export function auditFabric(text: string, kind: 'fabric-core' | 'fabric-orderer', name: string = kind): ConfigReport {
  const src = parseYamlSource(text, name);
  const data = src.docs[0]?.data;
  const out: ConfigFinding[] = [];
  const at = (path: string[], k?: string) => {
    const v = get(data, path);
    return {
      setting:
        v === undefined
          ? `${path.join('.')} (not set)`
          : `${path.join('.')}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`,
      line: src.lineOf(0, path),
      key: k,
    };
  };
  const bool = (path: string[]) => get(data, path) === true || String(get(data, path)).toLowerCase() === 'true';
  const peer = kind === 'fabric-core';
  const tls = peer ? ['peer', 'tls'] : ['General', 'TLS'];
  if (!bool([...tls, 'enabled']))
    out.push(
      finding(
        'fabric.tls',
        'fail',
        'high',
        `${peer ? 'peer' : 'orderer'} gRPC traffic is not encrypted (${tls.join('.')}.enabled false)`,
        `Set ${tls.join('.')}.enabled: true with the node's TLS certificate and key.`,
        at([...tls, 'enabled']),
      ),
    );
  else out.push(finding('fabric.tls', 'pass', 'info', 'TLS enabled', '', at([...tls, 'enabled'])));
  if (!bool([...tls, 'clientAuthRequired']))
    out.push(
      finding(
        'fabric.mutual-tls',
        'warn',
        'medium',
        'clients are not required to present a TLS certificate',
        `Set ${tls.join('.')}.clientAuthRequired: true and list the client root CAs.`,
        at([...tls, 'clientAuthRequired']),
      ),
    );
  else
    out.push(
      finding('fabric.mutual-tls', 'pass', 'info', 'mutual TLS required', '', at([...tls, 'clientAuthRequired'])),
    );
  const ops = peer ? ['operations'] : ['Operations'];
  const opsAddr = String(get(data, [...ops, 'listenAddress']) ?? get(data, [...ops, 'ListenAddress']) ?? '');
  if (!bool([...ops, 'tls', 'enabled']) && !bool([...ops, 'TLS', 'Enabled']))
    out.push(
      finding(
        'fabric.operations-tls',
        'warn',
        isAllInterfaces(opsAddr.replace(/:\d+$/, '')) ? 'high' : 'medium',
        `the operations endpoint (${opsAddr || 'default'}: /metrics, /logspec, /healthz) has no TLS`,
        'Enable operations TLS with clientAuthRequired so only the monitoring system can change log levels.',
        at([...ops, peer ? 'tls' : 'TLS', peer ? 'enabled' : 'Enabled']),
      ),
    );
  else
    out.push(
      finding(
        'fabric.operations-tls',
        'pass',
        'info',
        'operations endpoint uses TLS',
        '',
        at([...ops, peer ? 'tls' : 'TLS']),
      ),
    );
  const bccsp = peer ? ['peer', 'BCCSP', 'Default'] : ['General', 'BCCSP', 'Default'];
  const provider = String(get(data, bccsp) ?? 'SW');
  if (provider.toUpperCase() === 'SW')
    out.push(
      finding(
        'fabric.bccsp',
        'warn',
        'medium',
        'signing keys live in software (BCCSP SW): the private key is a file in the MSP keystore',
        'Use BCCSP PKCS11 with an HSM for production signing identities.',
        at(bccsp),
      ),
    );
  else out.push(finding('fabric.bccsp', 'pass', 'info', `BCCSP provider ${provider}`, '', at(bccsp)));
  if (peer) {
    if (String(get(data, ['ledger', 'state', 'stateDatabase']) ?? '') === 'CouchDB') {
      const user = String(get(data, ['ledger', 'state', 'couchDBConfig', 'username']) ?? '');
      const pass = String(get(data, ['ledger', 'state', 'couchDBConfig', 'password']) ?? '');
      if (!user || !pass)
        out.push(
          finding(
            'fabric.couchdb-credentials',
            'fail',
            'high',
            'the state CouchDB is used without credentials',
            'Set ledger.state.couchDBConfig.username/password (from a secret) and an administrator in CouchDB.',
            at(['ledger', 'state', 'couchDBConfig', 'username']),
          ),
        );
      else
        out.push(
          finding('fabric.couchdb-credentials', 'pass', 'info', 'state CouchDB credentials configured', '', {
            line: src.lineOf(0, ['ledger', 'state', 'couchDBConfig', 'username']),
            setting: `ledger.state.couchDBConfig.username: ${user}`,
          }),
        );
    }
    const ext = String(get(data, ['peer', 'gossip', 'externalEndpoint']) ?? '');
    const endpoint = String(get(data, ['peer', 'gossip', 'endpoint']) ?? '');
    if (isAllInterfaces(ext.replace(/:\d+$/, '')) && ext)
      out.push(
        finding(
          'fabric.gossip-endpoint',
          'warn',
          'low',
          `gossip externalEndpoint ${ext} is not an address other organisations can dial`,
          "Set peer.gossip.externalEndpoint to the peer's public host:port, or leave it empty to stay invisible to other organisations.",
          at(['peer', 'gossip', 'externalEndpoint']),
        ),
      );
    else
      out.push(
        finding(
          'fabric.gossip-endpoint',
          'pass',
          'info',
          ext
            ? `advertised to other organisations as ${ext}`
            : `gossip only inside the organisation${endpoint ? ` (${endpoint})` : ''}`,
          '',
          at(['peer', 'gossip', 'externalEndpoint']),
        ),
      );
  }
  return { format: kind, findings: out };
}
