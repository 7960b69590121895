import { keyMaterialIn, looksLikeLiteralSecret } from '../../analyzers/k8s/keys.js';
import { kindOf } from '../../analyzers/k8s/inventory.js';
import { isObj } from '../../analyzers/k8s/model.js';
import { maskSecret } from '../../mask.js';
import { hit, kubeCheck } from './support.js';

const ASSIGN = /^\s*["']?([A-Za-z_][\w.-]*)["']?\s*[:=]\s*["']?([^"'\s#]+)["']?\s*$/;

export default kubeCheck(
  {
    id: 'kubernetes.secrets.configmap',
    title: 'Keys and passwords stored in ConfigMaps',
    description:
      'ConfigMaps are readable by anyone with read access to the namespace, are not encrypted at rest by default, and are printed by `kubectl get -o yaml`; a validator key, keystore, mnemonic or password in one is as good as published.',
    severity: 'critical',
    confidence: 'medium',
    tags: ['kubernetes', 'secrets', 'keys'],
    remediation:
      'Move the key into a Secret mounted with mode 0400 (better: a remote signer or KMS) and rotate it: assume it has been read.',
    references: ['https://kubernetes.io/docs/concepts/configuration/configmap/'],
    results: {
      'key-material': { title: 'Private key, keystore or mnemonic in a ConfigMap', severity: 'critical' },
      'literal-secret': { title: 'Password or token in a ConfigMap', severity: 'high' },
    },
  },
  ['ConfigMap'],
  (inv) => {
    const results = [];
    const maps = kindOf(inv, 'ConfigMap');
    for (const cm of maps) {
      const data = isObj(cm.raw.data) ? cm.raw.data : {};
      for (const [k, v] of Object.entries(data)) {
        const text = String(v ?? '');
        const base = cm.source.valueLine(['data', k]);
        const keys = keyMaterialIn(text, k);
        if (keys.length) {
          results.push(
            hit({
              result: 'key-material',
              status: 'fail',
              obj: cm,
              line: base === undefined ? undefined : base + keys[0].lineOffset,
              message: `${cm.ref} holds ${keys[0].kind} in data key ${k} (${keys[0].detail})`,
              detail: `data:${k}`,
              evidence: [{ label: k, value: keys[0].preview }],
            }),
          );
          continue;
        }
        const lines = text.split('\n');
        const single = lines.length === 1 && looksLikeLiteralSecret(k, text) ? 0 : -1;
        const idx =
          single >= 0
            ? 0
            : lines.findIndex((l) => {
                const m = ASSIGN.exec(l);
                return !!m && looksLikeLiteralSecret(m[1], m[2]);
              });
        if (idx < 0) continue;
        const shown =
          single >= 0
            ? `${k}: ${maskSecret(text)}`
            : lines[idx].replace(/([:=]\s*["']?)(\S+?)(["']?\s*)$/, (_, a, s, b) => `${a}${maskSecret(s)}${b}`).trim();
        results.push(
          hit({
            result: 'literal-secret',
            status: 'fail',
            obj: cm,
            line: base === undefined ? undefined : single >= 0 ? cm.source.line(['data', k]) : base + idx,
            message: `${cm.ref} data key ${k} holds a password or token`,
            detail: `data:${k}`,
            evidence: [{ label: k, value: shown }],
          }),
        );
      }
    }
    return { results, examined: maps.length, subject: 'ConfigMaps', clean: 'none holds a key or password' };
  },
);
