import { exposures } from '../../analyzers/k8s/exposure.js';
import { mainContainers } from '../../analyzers/k8s/placement.js';
import { maskSecret } from '../../mask.js';
import type { CheckResult } from '../types.js';
import { hit, kubeCheck, WORKLOAD_KINDS } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.fabric.couchdb',
    title: 'Fabric state CouchDB exposed or without admin credentials',
    description:
      "A peer's CouchDB holds the world state; reachable from outside (LoadBalancer, NodePort, hostPort) or without an administrator it can be read and rewritten directly, bypassing chaincode and endorsement, and its /_utils console invites query injection.",
    severity: 'high',
    confidence: 'high',
    tags: ['kubernetes', 'fabric', 'couchdb', 'database', 'blockchain'],
    remediation:
      'Keep CouchDB on a ClusterIP Service reachable only by its peer, set COUCHDB_USER/COUCHDB_PASSWORD from a Secret, and give the peer the same credentials (CORE_LEDGER_STATE_COUCHDBCONFIG_USERNAME/PASSWORD from the Secret).',
    references: [
      'https://hyperledger-fabric.readthedocs.io/en/latest/couchdb_as_state_database.html',
      'https://docs.couchdb.org/en/stable/setup/single-node.html',
    ],
    results: {
      exposed: { title: 'CouchDB reachable from outside the cluster', severity: 'critical' },
      'no-admin': { title: 'CouchDB without admin credentials', severity: 'high' },
      'literal-password': { title: 'CouchDB password written in the manifest', severity: 'high' },
      'peer-without-credentials': { title: 'Peer uses CouchDB without credentials', severity: 'high' },
    },
  },
  [...WORKLOAD_KINDS, 'Service'],
  (inv) => {
    const results: CheckResult[] = [];
    const dbs = inv.workloads.filter((w) => mainContainers(w).some((c) => c.run?.client === 'couchdb'));
    for (const e of exposures(inv).filter((x) => x.role === 'db' && dbs.includes(x.workload) && !x.restricted))
      results.push(
        hit({
          result: 'exposed',
          status: 'fail',
          obj: e.via,
          path: e.path,
          message: `${e.detail} exposes CouchDB of ${e.workload.obj.ref} outside the cluster`,
          detail: `${e.channel}:${e.port}:${e.workload.obj.ref}`,
        }),
      );
    for (const w of dbs) {
      const c = mainContainers(w).find((x) => x.run?.client === 'couchdb')!;
      const user = c.env.find((e) => e.name === 'COUCHDB_USER');
      const pass = c.env.find((e) => e.name === 'COUCHDB_PASSWORD');
      const fromSecret = (c.raw.envFrom as unknown[] | undefined)?.length;
      if (!pass && !fromSecret)
        results.push(
          hit({
            result: 'no-admin',
            status: 'fail',
            obj: w.obj,
            path: c.path,
            message: `${w.obj.ref} runs CouchDB without COUCHDB_USER/COUCHDB_PASSWORD`,
            detail: 'admin',
          }),
        );
      else if (pass?.value !== undefined)
        results.push(
          hit({
            result: 'literal-password',
            status: 'fail',
            obj: w.obj,
            line: pass.line,
            message: `${w.obj.ref} writes the CouchDB admin password into the manifest`,
            detail: 'password',
            evidence: [
              { label: 'COUCHDB_PASSWORD', value: maskSecret(pass.value) },
              ...(user?.value ? [{ label: 'COUCHDB_USER', value: user.value }] : []),
            ],
          }),
        );
    }
    const peers = inv.workloads.filter((w) => mainContainers(w).some((c) => c.run?.client === 'fabric-peer'));
    for (const w of peers) {
      const c = mainContainers(w).find((x) => x.run?.client === 'fabric-peer')!;
      const db = c.env.find((e) => e.name === 'CORE_LEDGER_STATE_STATEDATABASE');
      if (db?.value !== 'CouchDB') continue;
      if (!c.env.some((e) => e.name === 'CORE_LEDGER_STATE_COUCHDBCONFIG_PASSWORD'))
        results.push(
          hit({
            result: 'peer-without-credentials',
            status: 'fail',
            obj: w.obj,
            line: db.line,
            message: `${w.obj.ref} uses CouchDB as state database without CORE_LEDGER_STATE_COUCHDBCONFIG_PASSWORD`,
            detail: 'peer-couchdb',
          }),
        );
    }
    return {
      results,
      examined: dbs.length + peers.length,
      subject: 'CouchDB and Fabric peer workloads',
      clean: 'CouchDB is private and authenticated',
    };
  },
);
