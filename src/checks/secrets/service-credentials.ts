import { defineCheck } from '../types.js';
import { FAMILY_KINDS } from './families.js';
import { familyCheck } from './shared.js';

const meta = {
  id: 'secrets.service-credentials',
  title: 'Node-provider API keys and cloud credentials in files',
  description:
    'Finds API keys of node providers embedded in RPC URLs (Infura, Alchemy, QuickNode, Ankr, GetBlock, Chainstack, Blast, dRPC, NodeReal), AWS access key pairs, GCP service-account key files, Azure storage and shared-access keys (length-checked after base64 decoding) and GitHub, GitLab and Slack tokens. Template references and placeholders are ignored.',
  targetKinds: ['secrets' as const],
  severity: 'high' as const,
  confidence: 'high' as const,
  tags: ['secrets', 'cloud', 'rpc'],
  remediation:
    'Revoke and reissue the credential, load it at run time from a secret manager or environment injected by the deployment, restrict provider keys by origin/IP and contract allow-lists, and purge it from git history.',
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html',
    'https://cloud.google.com/iam/docs/best-practices-for-managing-service-account-keys',
  ],
  level: 'passive' as const,
  timeoutMs: 30 * 60_000,
};

export default defineCheck(meta, (ctx) =>
  familyCheck(
    meta,
    FAMILY_KINDS['secrets.service-credentials'],
    ctx,
    () => 'no provider key, cloud credential or access token found',
  ),
);
