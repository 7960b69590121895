import { setting } from '../../analyzers/k8s/chain.js';
import { keySources, mainContainers, remoteSigner, signers } from '../../analyzers/k8s/placement.js';
import { embeddedConfigs } from '../../analyzers/k8s/embedded.js';
import type { CheckResult } from '../types.js';
import { hit, kubeCheck } from './support.js';

const KMS_FLAGS =
  /^(aws-kms|aws-secrets|azure-vault|azure-key-vault|gcp-|hashicorp|yubihsm|pkcs11|keystores?-path|key-store-path)/;

export default kubeCheck(
  {
    id: 'kubernetes.signer.key-custody',
    title: 'Where signing keys are held: HSM/KMS, remote signer or a file in the pod',
    description:
      'A signing key loaded from a Secret or volume into the signer pod can be read by anyone who execs into it, reads its volume or the Secret; a remote signer backed by an HSM or cloud KMS (Web3Signer with AWS KMS or Azure Key Vault, tmkms with a YubiHSM, Fabric BCCSP PKCS11) keeps it out of the cluster.',
    severity: 'high',
    confidence: 'medium',
    tags: ['kubernetes', 'signer', 'keys', 'hsm', 'blockchain'],
    remediation:
      'Sign through a remote signer whose keys are non-exportable HSM or KMS keys (tmkms/YubiHSM, Web3Signer with a KMS, Fabric PKCS11); keep only the remote-signer connection in the cluster.',
    references: [
      'https://docs.web3signer.consensys.io/',
      'https://github.com/iqlusioninc/tmkms',
      'https://hyperledger-fabric.readthedocs.io/en/latest/hsm.html',
    ],
    results: {
      'local-key': { title: 'Signing key held in the pod', severity: 'high' },
      'software-key': { title: 'Signer holds keys in software', severity: 'medium' },
      'remote-signer': { title: 'Signing delegated to a remote signer', severity: 'info' },
      hsm: { title: 'Keys held in an HSM or KMS', severity: 'info' },
    },
  },
  ['Deployment', 'StatefulSet', 'DaemonSet', 'Pod', 'ConfigMap'],
  (inv) => {
    const results: CheckResult[] = [];
    const configs = embeddedConfigs(inv);
    const list = signers(inv);
    for (const w of list) {
      const c = mainContainers(w).find((x) => x.run) ?? mainContainers(w)[0];
      if (!c) continue;
      const run = c.run;
      const env = (n: string) => c.env.find((e) => e.name === n)?.value;
      if (run?.client === 'web3signer' || run?.client === 'clef') {
        const kms = run.command.flags.find(
          (f) => KMS_FLAGS.test(f.name) && !/^(keystores?-path|key-store-path)$/.test(f.name),
        );
        results.push(
          kms
            ? hit({
                result: 'hsm',
                status: 'pass',
                obj: w.obj,
                line: kms.line,
                message: `${w.obj.ref} signs with keys from ${kms.text}`,
                detail: 'custody',
              })
            : hit({
                result: 'software-key',
                status: 'warn',
                obj: w.obj,
                path: c.path,
                message: `${w.obj.ref} runs ${run.client} with keys in local keystore files, not an HSM or KMS`,
                detail: 'custody',
              }),
        );
        continue;
      }
      if (run?.family === 'cometbft-signer') {
        const toml = configs.find((e) => e.format === 'tmkms' && e.mountedBy.includes(w));
        if (toml && /\[\[providers\.(yubihsm|ledgertm|fortanixdsm)\]\]/.test(toml.text))
          results.push(
            hit({
              result: 'hsm',
              status: 'pass',
              obj: toml.configMap,
              line: toml.lineOf(toml.text.search(/\[\[providers\.(yubihsm|ledgertm|fortanixdsm)\]\]/)),
              message: `${w.obj.ref} signs through tmkms with a hardware provider`,
              detail: `custody:${w.obj.ref}`,
            }),
          );
        else
          results.push(
            hit({
              result: 'software-key',
              status: 'warn',
              obj: toml?.configMap ?? w.obj,
              line: toml ? toml.lineOf(Math.max(0, toml.text.indexOf('softsign'))) : undefined,
              path: toml ? undefined : c.path,
              message: `${w.obj.ref} runs ${run.client} with a software key${toml ? ' (providers.softsign)' : ''}`,
              detail: `custody:${w.obj.ref}`,
            }),
          );
        continue;
      }
      if (run?.family === 'fabric-orderer' || run?.family === 'fabric-peer') {
        const name = run.family === 'fabric-orderer' ? 'ORDERER_GENERAL_BCCSP_DEFAULT' : 'CORE_PEER_BCCSP_DEFAULT';
        const e = c.env.find((x) => x.name === name);
        if ((env(name) ?? '').toUpperCase() === 'PKCS11')
          results.push(
            hit({
              result: 'hsm',
              status: 'pass',
              obj: w.obj,
              line: e?.line,
              message: `${w.obj.ref} signs through an HSM (${name}=PKCS11)`,
              detail: 'custody',
            }),
          );
        else
          results.push(
            hit({
              result: 'local-key',
              status: 'warn',
              obj: w.obj,
              line: e?.line,
              path: e ? undefined : c.path,
              message: `${w.obj.ref} keeps its signing identity as a file in the MSP keystore (BCCSP ${env(name) ?? 'SW, the default'})`,
              detail: 'custody',
            }),
          );
        continue;
      }
      const remote = remoteSigner(w);
      if (remote) {
        results.push(
          hit({
            result: 'remote-signer',
            status: 'pass',
            obj: w.obj,
            line: setting(c.settings, 'signer.external')?.line ?? setting(c.settings, 'comet.privval.laddr')?.line,
            message: `${w.obj.ref} signs through ${remote}`,
            detail: 'custody',
          }),
        );
        continue;
      }
      const keys = keySources(w);
      results.push(
        hit({
          result: 'local-key',
          status: 'warn',
          obj: w.obj,
          path: keys[0]?.path ?? c.path,
          message: keys.length
            ? `${w.obj.ref} loads its signing key into the pod from ${keys.map((k) => `${k.volume} (${k.why})`).join(', ')}`
            : `${w.obj.ref} (${w.role.reason}) signs with a key held in the pod`,
          detail: 'custody',
        }),
      );
    }
    return {
      results,
      examined: list.length,
      subject: 'signer workloads',
      clean: 'every key is held by a remote signer or HSM',
    };
  },
);
