import { hit, kubeCheck, WORKLOAD_KINDS } from './support.js';

export default kubeCheck(
  {
    id: 'kubernetes.pod.image-digest',
    title: 'Images not pinned by digest',
    description:
      'A tag can be moved to another image at any time, so a node or signer image named by tag may change under a running deployment (a compromised registry account is enough); `:latest` or no tag at all also makes rollbacks guesswork.',
    severity: 'medium',
    confidence: 'high',
    tags: ['kubernetes', 'supply-chain', 'images'],
    remediation: 'Reference images as repository@sha256:<digest> (keep the tag in a comment or in the chart values).',
    references: ['https://kubernetes.io/docs/concepts/containers/images/#image-names'],
    results: {
      latest: { title: 'Image uses :latest or no tag', severity: 'medium' },
      'not-pinned': { title: 'Image pinned by tag only', severity: 'low' },
    },
  },
  WORKLOAD_KINDS,
  (inv) => {
    const results = [];
    for (const w of inv.workloads)
      for (const c of w.containers) {
        if (/@sha256:[0-9a-f]{64}$/i.test(c.image)) continue;
        const name = c.image.split('/').pop() ?? c.image;
        const tag = name.includes(':') ? name.split(':').pop()! : '';
        const latest = !tag || tag === 'latest';
        results.push(
          hit({
            result: latest ? 'latest' : 'not-pinned',
            status: 'warn',
            obj: w.obj,
            path: [...c.path, 'image'],
            message: latest
              ? `${w.obj.ref} container ${c.name} runs ${c.image || '(no image)'}: ${tag ? 'the latest tag' : 'no tag (latest)'}`
              : `${w.obj.ref} container ${c.name} runs ${c.image} by tag, not by digest`,
            detail: `${c.name}:image`,
            evidence: [{ label: 'image', value: c.image }],
          }),
        );
      }
    return { results, examined: inv.workloads.length, subject: 'workloads', clean: 'every image is pinned by digest' };
  },
);
