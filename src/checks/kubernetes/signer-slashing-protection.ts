import { setting, settingOn } from '../../analyzers/k8s/chain.js';
import { mainContainers, persistence, remoteSigner, signers } from '../../analyzers/k8s/placement.js';
import { embeddedConfigs } from '../../analyzers/k8s/embedded.js';
import type { CheckResult } from '../types.js';
import { hit, kubeCheck } from './support.js';

/** Where each client keeps the state that stops it signing twice, when no flag says otherwise. */
const DEFAULT_STATE: Record<string, string> = {
  prysm: '/root/.eth2validators',
  lighthouse: '/root/.lighthouse',
  teku: '/root/.local/share/teku',
  lodestar: '/root/.local/share/lodestar',
  nimbus: '/home/user/nimbus-eth2/build/data',
  cometbft: '/root/.cometbft',
  tmkms: '/root/.tmkms',
  horcrux: '/root/.horcrux',
};

export default kubeCheck(
  {
    id: 'kubernetes.signer.slashing-protection',
    title: 'Signers without a persistent slashing-protection record',
    description:
      'Validator clients and CometBFT validators remember what they signed (slashing_protection.sqlite, validator.db, priv_validator_state.json); kept on an emptyDir or the container filesystem the record is lost on restart and the signer may sign a conflicting message. Web3Signer needs its slashing-protection database, and it must not be switched off.',
    severity: 'critical',
    confidence: 'medium',
    tags: ['kubernetes', 'signer', 'slashing', 'blockchain'],
    remediation:
      'Keep the data directory of every signer on a PersistentVolumeClaim (StatefulSet claim template); run Web3Signer with --slashing-protection-enabled and a PostgreSQL --slashing-protection-db-url.',
    references: [
      'https://lighthouse-book.sigmaprime.io/slashing-protection.html',
      'https://docs.web3signer.consensys.io/how-to/configure-slashing-protection',
    ],
    results: {
      ephemeral: { title: 'Signing record on ephemeral storage', severity: 'critical' },
      'node-local': { title: 'Signing record on a node-local path', severity: 'medium' },
      disabled: { title: 'Slashing protection switched off', severity: 'critical' },
      'no-database': { title: 'Web3Signer without a slashing-protection database', severity: 'high' },
      persistent: { title: 'Signing record on a persistent volume', severity: 'info' },
      'remote-signer': { title: 'Signing record kept by a remote signer', severity: 'info' },
    },
  },
  ['Deployment', 'StatefulSet', 'DaemonSet', 'Pod'],
  (inv) => {
    const results: CheckResult[] = [];
    let examined = 0;
    for (const w of signers(inv)) {
      for (const c of mainContainers(w)) {
        const run = c.run;
        if (!run) continue;
        if (run.client === 'web3signer') {
          examined++;
          const off = setting(c.settings, 'slashing.enabled');
          const db = setting(c.settings, 'slashing.db');
          if (off && settingOn(c.settings, 'slashing.enabled') === false)
            results.push(
              hit({
                result: 'disabled',
                status: 'fail',
                obj: w.obj,
                line: off.line,
                message: `${w.obj.ref} runs Web3Signer with slashing protection off (${off.text})`,
                detail: `${c.name}:slashing`,
              }),
            );
          else if (!db)
            results.push(
              hit({
                result: 'no-database',
                status: 'fail',
                obj: w.obj,
                path: c.path,
                message: `${w.obj.ref} runs Web3Signer without --slashing-protection-db-url`,
                detail: `${c.name}:slashing`,
              }),
            );
          continue;
        }
        if (
          !['validator-client', 'cometbft', 'cometbft-signer'].includes(run.family) &&
          !(run.family === 'beacon' && w.role.consensus === 'pos')
        )
          continue;
        if (run.family === 'cometbft' && w.role.kind !== 'signer') continue;
        examined++;
        const remote = remoteSigner(w);
        if (remote) {
          results.push(
            hit({
              result: 'remote-signer',
              status: 'pass',
              obj: w.obj,
              path: c.path,
              message: `${w.obj.ref} signs through ${remote}, which keeps the record`,
              detail: `${c.name}:slashing`,
            }),
          );
          continue;
        }
        const dir = setting(c.settings, 'datadir');
        // tmkms names its double-sign state file in tmkms.toml.
        const state =
          run.client === 'tmkms'
            ? /^\s*state_file\s*=\s*"([^"]+)"/m.exec(
                embeddedConfigs(inv).find((e) => e.format === 'tmkms' && e.mountedBy.includes(w))?.text ?? '',
              )?.[1]
            : undefined;
        const path = dir?.value ?? state ?? DEFAULT_STATE[run.client] ?? '/data';
        const p = persistence(w, c, path);
        const where = dir ? dir.text : state ? `state_file ${state}` : `default data directory ${path}`;
        if (p.scope === 'ephemeral')
          results.push(
            hit({
              result: 'ephemeral',
              status: 'fail',
              obj: w.obj,
              line: dir?.line,
              path: dir ? undefined : c.path,
              message: `${w.obj.ref} keeps its signing record in ${where} on ${p.volume ? `emptyDir volume ${p.volume}` : 'the container filesystem'}: a restart forgets what was signed`,
              detail: `${c.name}:slashing`,
            }),
          );
        else if (p.scope === 'node')
          results.push(
            hit({
              result: 'node-local',
              status: 'warn',
              obj: w.obj,
              line: dir?.line,
              path: dir ? undefined : c.path,
              message: `${w.obj.ref} keeps its signing record on node-local volume ${p.volume}: rescheduled to another node it starts with an empty record`,
              detail: `${c.name}:slashing`,
            }),
          );
        else
          results.push(
            hit({
              result: 'persistent',
              status: 'pass',
              obj: w.obj,
              line: dir?.line,
              path: dir ? undefined : c.path,
              message: `${w.obj.ref} keeps its signing record in ${where} on volume ${p.volume}`,
              detail: `${c.name}:slashing`,
            }),
          );
      }
    }
    return { results, examined, subject: 'signing containers', clean: 'each keeps its signing record persistently' };
  },
);
