import { z } from 'zod';

/**
 * A credential is only ever a reference: the scope names an environment variable or a file,
 * never the secret itself, so scope files can be committed and shared safely.
 */
export const credentialRef = z.union(
  [z.object({ env: z.string().min(1) }).strict(), z.object({ file: z.string().min(1) }).strict()],
  { error: 'credentials must be a reference: { env: VAR_NAME } or { file: path }, never an inline value' },
);
export type CredentialRef = z.infer<typeof credentialRef>;

const id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$/, 'ids use letters, digits, ".", "_", ":" and "-" (max 80)');
/** Credentials never travel inside a URL (`http://user:pass@host`): they would be written wherever the URL is. */
const url = z
  .string()
  .url()
  .refine(
    (u) => {
      try {
        const parsed = new URL(u);
        return !parsed.username && !parsed.password;
      } catch {
        return false;
      }
    },
    { message: 'a URL must not carry credentials (user:password@): reference them with auth: { … { env: VAR } }' },
  );
const port = z.number().int().min(1).max(65535);

const base = {
  id,
  name: z.string().optional(),
  /** Targets with the same `chain` form one network for multi-node checks. */
  chain: z.string().optional(),
  tags: z.array(z.string()).default([]),
};

const httpAuth = z
  .object({
    bearer: credentialRef.optional(),
    user: z.string().optional(),
    password: credentialRef.optional(),
  })
  .strict();

export const evmNodeTarget = z
  .object({
    ...base,
    kind: z.literal('evm-node'),
    rpc: url,
    ws: url.optional(),
    authrpc: url.optional(),
    auth: httpAuth.optional(),
    /** Whether the node is meant to be reachable beyond its host; loopback nodes are judged leniently on exposure. */
    exposure: z.enum(['public', 'private', 'loopback']).optional(),
    expect: z
      .object({
        chainId: z.number().int().nonnegative().optional(),
        networkId: z.string().optional(),
        genesisHash: z
          .string()
          .regex(/^0x[0-9a-fA-F]{64}$/)
          .optional(),
        minPeers: z.number().int().nonnegative().optional(),
        maxPeers: z.number().int().positive().optional(),
        blockIntervalSeconds: z.number().positive().optional(),
        allowedOrigins: z.array(z.string()).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export const bitcoinNodeTarget = z
  .object({
    ...base,
    kind: z.literal('bitcoin-node'),
    rpc: url,
    rest: url.optional(),
    auth: z
      .object({ user: z.string().optional(), password: credentialRef.optional(), cookieFile: z.string().optional() })
      .strict()
      .optional(),
    exposure: z.enum(['public', 'private', 'loopback']).optional(),
    /** Lets the audit try a short list of default credentials against the RPC port. */
    allowCredentialGuessing: z.boolean().default(false),
    /** The node's bitcoin.conf / litecoin.conf as the auditor can read it; settings RPC does not reveal are judged from it. */
    configFile: z.string().optional(),
    expect: z
      .object({
        chain: z.string().optional(),
        genesisHash: z
          .string()
          .regex(/^[0-9a-fA-F]{64}$/)
          .optional(),
        maxInbound: z.number().int().nonnegative().optional(),
        maxOutbound: z.number().int().nonnegative().optional(),
        minPeers: z.number().int().nonnegative().optional(),
        /** Expected seconds between blocks (Bitcoin 600, Litecoin 150); block-production checks need it on chains without a known default. */
        blockIntervalSeconds: z.number().positive().optional(),
        /** How many blocks a node may trail the highest node of its chain. */
        maxLagBlocks: z.number().int().nonnegative().optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export const hostTarget = z
  .object({
    ...base,
    kind: z.literal('host'),
    /** `local` audits the machine the tool runs on; anything else is probed over the network. */
    address: z.string().min(1),
    services: z
      .array(z.object({ name: z.string(), port, protocol: z.enum(['tcp', 'udp']).default('tcp') }).strict())
      .default([]),
    ssh: z
      .object({ port: port.default(22) })
      .strict()
      .optional(),
  })
  .strict();

const hostname = z
  .string()
  .regex(/^(\*\.)?[A-Za-z0-9.-]+$|^[0-9a-fA-F:]+$/, 'a host name (optionally *.domain) or an IP address');

export const webTarget = z
  .object({
    ...base,
    kind: z.literal('web'),
    /** The front end's main address; its host is the only one the audit talks to (plus resourceHosts). */
    url,
    /** More pages of the same site to inspect (an http:// address here is used as the plaintext entry point). */
    urls: z.array(url).default([]),
    /** The login or key-entry page (path or URL), checked for forms that send secrets over plaintext. */
    login: z.string().min(1).optional(),
    /** Names the certificate must cover, besides the URL's host. */
    hostnames: z.array(hostname).default([]),
    /** Other hosts whose scripts and stylesheets may be downloaded to hash them (a CDN you vouch for). */
    resourceHosts: z.array(hostname).default([]),
    /** Extra trust anchors (PEM file), e.g. a consortium's private CA, tried beside the Mozilla and system stores. */
    caFile: z.string().min(1).optional(),
  })
  .strict();

const pathTarget = <K extends string>(kind: K) =>
  z.object({ ...base, kind: z.literal(kind), path: z.string().min(1) }).strict();

export const contractsTarget = pathTarget('contracts');
/**
 * Kubernetes: rendered manifests (a file or folder: plain YAML, `helm template` or Kustomize output)
 * and/or a live cluster read through a kubeconfig context, read-only.
 */
export const kubernetesTarget = z
  .object({
    ...base,
    kind: z.literal('kubernetes'),
    path: z.string().min(1).optional(),
    kubeconfig: z.string().min(1).optional(),
    context: z.string().min(1).optional(),
    /** A bearer token (e.g. a read-only service account's) used instead of the kubeconfig user. */
    token: credentialRef.optional(),
    /** Live mode: list only these namespaces (cluster-scoped objects are still read). */
    namespaces: z.array(z.string().min(1)).optional(),
    /** Namespace of manifest objects that name none (what `kubectl apply` would use). */
    namespace: z.string().min(1).default('default'),
    timeoutMs: z.number().int().positive().max(600_000).default(15_000),
    maxObjects: z.number().int().positive().max(1_000_000).default(50_000),
  })
  .strict()
  .refine((t) => t.path !== undefined || t.kubeconfig !== undefined, {
    message: 'a kubernetes target needs path (manifests) and/or kubeconfig (a live cluster)',
  });

/** Terraform: `.tf` files (a file or a module folder) or the JSON of `terraform show -json <plan>`. */
export const terraformTarget = z
  .object({
    ...base,
    kind: z.literal('terraform'),
    path: z.string().min(1),
    format: z.enum(['auto', 'hcl', 'plan']).default('auto'),
  })
  .strict();
export const logsTarget = z
  .object({
    ...base,
    kind: z.literal('logs'),
    path: z.string().min(1),
    /** A log format id (src/analyzers/logs/formats.ts); `auto` recognises each file's format from its content. */
    format: z
      .enum([
        'auto',
        'bitcoin',
        'bitcoin-core',
        'geth',
        'geth-logfmt',
        'erigon',
        'nethermind',
        'besu',
        'tracing',
        'evm-devnode',
        'cometbft',
        'fabric',
        'syslog',
        'syslog-rfc3339',
        'journald-json',
        'journald-export',
        'sshd',
        'nginx-access',
        'nginx-error',
        'redis',
        'postgresql',
        'kernel',
        'json',
        'generic',
      ])
      .default('auto'),
    /** Files of error-classification rules (`errorRules:`) for a fork or another client, beside the built-in ones. */
    errorRules: z.array(z.string().min(1)).default([]),
  })
  .strict();
export const secretsTarget = z
  .object({ ...base, kind: z.literal('secrets'), path: z.string().min(1), git: z.boolean().default(false) })
  .strict();

export const CONFIG_FORMATS = [
  'auto',
  'sshd',
  'nginx',
  'redis',
  'postgresql',
  'pg_hba',
  'mysql',
  'couchdb',
  'geth',
  'bitcoin',
  'fabric-core',
  'fabric-orderer',
  'cometbft',
  'docker-compose',
  'terraform',
] as const;
export const configTarget = z
  .object({
    ...base,
    kind: z.literal('config'),
    path: z.string().min(1),
    format: z.enum(CONFIG_FORMATS).default('auto'),
  })
  .strict();

export const LEDGER_FORMATS = [
  'bitcoin-blk',
  'bitcoin-raw',
  'bitcoin-rpc',
  'ethereum-rlp',
  'ethereum-rpc',
  'fabric',
] as const;
export const ledgerTarget = z
  .object({
    ...base,
    kind: z.literal('ledger'),
    format: z.enum(LEDGER_FORMATS),
    path: z.string().optional(),
    /** For the rpc formats: the id of a node target in the same scope, or a URL. */
    node: z.string().optional(),
    from: z.number().int().nonnegative().optional(),
    to: z.number().int().nonnegative().optional(),
  })
  .strict();

export const target = z.discriminatedUnion('kind', [
  evmNodeTarget,
  bitcoinNodeTarget,
  hostTarget,
  webTarget,
  contractsTarget,
  logsTarget,
  ledgerTarget,
  kubernetesTarget,
  terraformTarget,
  configTarget,
  secretsTarget,
]);

export const scopeSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    /** Public mainnets are never the object of active tests; operators say what this system is. */
    environment: z.enum(['production', 'staging', 'test', 'development']).default('production'),
    frameworks: z.array(z.string()).optional(),
    manual: z.string().optional(),
    targets: z.array(target).min(1),
  })
  .strict();

export type Scope = z.infer<typeof scopeSchema> & { file: string; dir: string };
export type Target = z.infer<typeof target>;
export type TargetOf<K extends Target['kind']> = Extract<Target, { kind: K }>;
export type EvmNodeTarget = TargetOf<'evm-node'>;
export type BitcoinNodeTarget = TargetOf<'bitcoin-node'>;
