import { isKeyName, keyMaterialIn } from '../../analyzers/k8s/keys.js';
import { objs } from '../../analyzers/k8s/model.js';
import type { CheckResult } from '../types.js';
import { hit, kubeCheck, WORKLOAD_KINDS } from './support.js';

const KEY_VAR =
  /(PRIV(ATE)?_?KEY|SECRET_?KEY|MNEMONIC|SEED(_?PHRASE)?|VALIDATOR_?KEY|SIGNER_?KEY|KEYSTORE_?PASS(WORD)?|WALLET_?PASS(WORD)?|PASSPHRASE)/i;

export default kubeCheck(
  {
    id: 'kubernetes.keys.env',
    title: 'Signing keys passed through environment variables or arguments',
    description:
      'Environment variables are inherited by every child process, readable in /proc/<pid>/environ by the same user, printed by crash handlers and `env`; command-line arguments are visible to every process on the node through ps. A private key, mnemonic or keystore password belongs in a file mounted from a Secret, or better in a remote signer.',
    severity: 'high',
    confidence: 'medium',
    tags: ['kubernetes', 'keys', 'secrets', 'blockchain'],
    remediation:
      'Mount keys and passwords as files from a Secret (defaultMode 0400) and pass the file path (--password-file, --keystore, --validators-external-signer-url), or sign through a remote signer.',
    references: ['https://kubernetes.io/docs/concepts/security/secrets-good-practices/'],
    results: {
      'key-in-args': { title: 'Private key or mnemonic in container arguments', severity: 'critical' },
      'secret-in-env': { title: 'Signing key or its password injected as an environment variable', severity: 'high' },
      'secret-envfrom': { title: 'Key Secret injected whole with envFrom', severity: 'high' },
    },
  },
  WORKLOAD_KINDS,
  (inv) => {
    const results: CheckResult[] = [];
    let examined = 0;
    for (const w of inv.workloads) {
      if (w.role.kind === 'other') continue;
      examined++;
      for (const c of w.containers) {
        const seen = new Set<number>();
        for (const word of c.words) {
          const keys = keyMaterialIn(word.text, `args/${c.name}`);
          if (!keys.length || seen.has(word.line ?? -1)) continue;
          seen.add(word.line ?? -1);
          results.push(
            hit({
              result: 'key-in-args',
              status: 'fail',
              obj: w.obj,
              line: word.line,
              message: `${w.obj.ref} container ${c.name} passes ${keys[0].kind} on its command line`,
              detail: `${c.name}:args:${word.line ?? 0}`,
              evidence: [{ label: 'argument', value: keys[0].preview }],
            }),
          );
        }
        for (const e of c.env)
          if (e.ref?.startsWith('secret:') && KEY_VAR.test(e.name))
            results.push(
              hit({
                result: 'secret-in-env',
                status: 'warn',
                obj: w.obj,
                line: e.line,
                message: `${w.obj.ref} container ${c.name} receives ${e.name} from ${e.ref.replace(/^secret:/, 'Secret ')} as an environment variable`,
                detail: `${c.name}:env:${e.name}`,
              }),
            );
        objs(c.raw.envFrom).forEach((ef, i) => {
          const name = String((ef.secretRef as Record<string, unknown> | undefined)?.name ?? '');
          if (name && isKeyName(name))
            results.push(
              hit({
                result: 'secret-envfrom',
                status: 'warn',
                obj: w.obj,
                path: [...c.path, 'envFrom', i],
                message: `${w.obj.ref} container ${c.name} loads every key of Secret ${name} into its environment`,
                detail: `${c.name}:envFrom:${name}`,
              }),
            );
        });
      }
    }
    return { results, examined, subject: 'blockchain workloads', clean: 'no key travels through env or arguments' };
  },
);
