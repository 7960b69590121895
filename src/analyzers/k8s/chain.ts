import { boolValue, commandsOf, listValue, parseCommand, type Flag, type ParsedCommand, type Word } from './args.js';

/** Blockchain software a container can run, as far as its image and command line tell. */
export type Client =
  | 'geth'
  | 'erigon'
  | 'reth'
  | 'nethermind'
  | 'besu'
  | 'prysm'
  | 'lighthouse'
  | 'teku'
  | 'nimbus'
  | 'lodestar'
  | 'web3signer'
  | 'clef'
  | 'cometbft'
  | 'tmkms'
  | 'horcrux'
  | 'fabric-peer'
  | 'fabric-orderer'
  | 'fabric-ca'
  | 'couchdb';

export type Family =
  | 'execution'
  | 'beacon'
  | 'validator-client'
  | 'remote-signer'
  | 'cometbft'
  | 'cometbft-signer'
  | 'fabric-peer'
  | 'fabric-orderer'
  | 'fabric-ca'
  | 'couchdb';

export type PortRole = 'rpc' | 'ws' | 'engine' | 'metrics' | 'admin' | 'signing' | 'p2p' | 'db';

export const PORT_ROLE_NAMES: Record<PortRole, string> = {
  rpc: 'node RPC',
  ws: 'node WebSocket RPC',
  engine: 'Engine API',
  metrics: 'metrics',
  admin: 'admin / debug API',
  signing: 'signing API',
  p2p: 'P2P',
  db: 'database',
};

const IMAGE_CLIENTS: [RegExp, Client][] = [
  [/ethereum\/client-go|(^|\/)geth([-_:@]|$)/, 'geth'],
  [/erigon/, 'erigon'],
  [/paradigmxyz\/reth|(^|\/)reth([-_:@]|$)/, 'reth'],
  [/nethermind/, 'nethermind'],
  [/(^|\/)besu([-_:@]|$)/, 'besu'],
  [/prysm/, 'prysm'],
  [/lighthouse/, 'lighthouse'],
  [/(^|\/)teku([-_:@]|$)/, 'teku'],
  [/nimbus/, 'nimbus'],
  [/lodestar/, 'lodestar'],
  [/web3signer/, 'web3signer'],
  [/(^|\/)clef([-_:@]|$)/, 'clef'],
  [/tmkms/, 'tmkms'],
  [/horcrux/, 'horcrux'],
  [/fabric-peer/, 'fabric-peer'],
  [/fabric-orderer/, 'fabric-orderer'],
  [/fabric-ca/, 'fabric-ca'],
  [/(^|\/)couchdb([-_:@]|$)/, 'couchdb'],
  [/cometbft|tendermint|gaia|cosmos|osmosis|celestia|evmos|injective|juno|akash|dydx|(^|\/)sei/, 'cometbft'],
];

const PROGRAM_CLIENTS: Record<string, Client> = {
  geth: 'geth',
  erigon: 'erigon',
  reth: 'reth',
  nethermind: 'nethermind',
  'nethermind.runner': 'nethermind',
  besu: 'besu',
  'beacon-chain': 'prysm',
  validator: 'prysm',
  'prysm.sh': 'prysm',
  lighthouse: 'lighthouse',
  teku: 'teku',
  nimbus_beacon_node: 'nimbus',
  nimbus_validator_client: 'nimbus',
  lodestar: 'lodestar',
  web3signer: 'web3signer',
  clef: 'clef',
  cometbft: 'cometbft',
  tendermint: 'cometbft',
  tmkms: 'tmkms',
  horcrux: 'horcrux',
  peer: 'fabric-peer',
  orderer: 'fabric-orderer',
  'fabric-ca-server': 'fabric-ca',
  couchdb: 'couchdb',
};

/** Flags that never take a value, so the word after them is not swallowed. */
const SWITCHES = new Set([
  'http',
  'rpc',
  'ws',
  'mine',
  'allow-insecure-unlock',
  'rpc.allow-unprotected-txs',
  'nodiscover',
  'metrics',
  'pprof',
  'rpc.unsafe',
  'rpc-http-enabled',
  'rpc-ws-enabled',
  'engine-jwt-disabled',
  'miner-enabled',
  'rpc-http-authentication-enabled',
  'unencrypted-http-transport',
  'enable-doppelganger-protection',
  'init-slashing-protection',
  'enable-doppelganger',
  'web',
  'keymanager',
  'validator-api-enabled',
]);

export interface ClientRun {
  client: Client;
  family: Family;
  command: ParsedCommand;
}

function baseName(p: string): string {
  return (p.split('/').pop() ?? p).toLowerCase();
}

function imageClient(image: string): Client | undefined {
  const repo = image.toLowerCase().replace(/@sha256:[0-9a-f]+$/, '');
  return IMAGE_CLIENTS.find(([re]) => re.test(repo))?.[1];
}

function familyOf(client: Client, cmd: ParsedCommand, image: string): Family {
  const pos = cmd.positionals.map((p) => p.toLowerCase());
  const prog = baseName(cmd.program);
  switch (client) {
    case 'geth':
    case 'erigon':
    case 'reth':
    case 'nethermind':
    case 'besu':
      return 'execution';
    case 'prysm':
      return prog === 'validator' || pos[0] === 'validator' || /prysm\/validator/.test(image)
        ? 'validator-client'
        : 'beacon';
    case 'lighthouse':
      return ['vc', 'validator_client', 'validator'].includes(pos[0] ?? '') ? 'validator-client' : 'beacon';
    case 'teku':
      return ['validator-client', 'vc'].includes(pos[0] ?? '') ? 'validator-client' : 'beacon';
    case 'nimbus':
      return prog === 'nimbus_validator_client' ? 'validator-client' : 'beacon';
    case 'lodestar':
      return pos[0] === 'validator' ? 'validator-client' : 'beacon';
    case 'web3signer':
    case 'clef':
      return 'remote-signer';
    case 'cometbft':
      return 'cometbft';
    case 'tmkms':
    case 'horcrux':
      return 'cometbft-signer';
    case 'fabric-peer':
      return 'fabric-peer';
    case 'fabric-orderer':
      return 'fabric-orderer';
    case 'fabric-ca':
      return 'fabric-ca';
    case 'couchdb':
      return 'couchdb';
  }
}

/**
 * Which client a container runs: the program of one of its commands (a shell script may run
 * several), else the image. A container whose words are only flags runs its image's entrypoint.
 */
export function detectClient(image: string, words: Word[], ports: number[]): ClientRun | undefined {
  const commands = commandsOf(words);
  for (const cmd of commands) {
    const prog = baseName(cmd[0].text);
    let client: Client | undefined = PROGRAM_CLIENTS[prog];
    if (prog === 'validator' && imageClient(image) !== 'prysm') client = undefined;
    if (!client && /^[a-z][a-z0-9-]*d$/.test(prog) && cmd.some((w) => w.text === 'start')) {
      if (ports.some((p) => p === 26656 || p === 26657) || imageClient(image) === 'cometbft') client = 'cometbft';
    }
    if (client) {
      const parsed = parseCommand(cmd, SWITCHES);
      return { client, family: familyOf(client, parsed, image), command: parsed };
    }
  }
  const fromImage = imageClient(image) ?? (ports.includes(26656) && ports.includes(26657) ? 'cometbft' : undefined);
  if (!fromImage) return undefined;
  const last = commands[commands.length - 1] ?? [];
  const synthetic: Word[] = [
    { text: `(${fromImage} entrypoint)` },
    ...last.filter((w, i) => i > 0 || w.text.startsWith('-') || !/^\//.test(w.text)),
  ];
  const parsed = parseCommand(synthetic, SWITCHES);
  return { client: fromImage, family: familyOf(fromImage, parsed, image), command: parsed };
}

/** A setting of a node as deployed: its canonical key, value and where it is written. */
export interface NodeSetting {
  key: string;
  value: string;
  /** As written: `--http.api=eth,admin` or `env BESU_RPC_HTTP_API=ADMIN`. */
  text: string;
  line?: number;
}

type FlagMap = Record<string, string>;

const GETH_FLAGS: FlagMap = {
  http: 'http.enabled',
  rpc: 'http.enabled',
  'http.addr': 'http.addr',
  rpcaddr: 'http.addr',
  'http.api': 'http.api',
  rpcapi: 'http.api',
  'http.corsdomain': 'http.cors',
  rpccorsdomain: 'http.cors',
  'http.vhosts': 'http.vhosts',
  rpcvhosts: 'http.vhosts',
  ws: 'ws.enabled',
  'ws.addr': 'ws.addr',
  wsaddr: 'ws.addr',
  'ws.api': 'ws.api',
  wsapi: 'ws.api',
  'ws.origins': 'ws.origins',
  wsorigins: 'ws.origins',
  'authrpc.addr': 'authrpc.addr',
  'authrpc.vhosts': 'authrpc.vhosts',
  'authrpc.jwtsecret': 'authrpc.jwt',
  'allow-insecure-unlock': 'unlock.insecure',
  unlock: 'unlock.accounts',
  'rpc.allow-unprotected-txs': 'txs.unprotected',
  pprof: 'pprof.enabled',
  'pprof.addr': 'pprof.addr',
  'metrics.addr': 'metrics.addr',
  mine: 'mine',
  keystore: 'keys',
  password: 'keys.password',
  datadir: 'datadir',
  'private.api.addr': 'admin.addr',
};

const BESU_FLAGS: FlagMap = {
  'rpc-http-enabled': 'http.enabled',
  'rpc-http-host': 'http.addr',
  'rpc-http-api': 'http.api',
  'rpc-http-apis': 'http.api',
  'rpc-http-cors-origins': 'http.cors',
  'host-allowlist': 'http.vhosts',
  'host-whitelist': 'http.vhosts',
  'rpc-ws-enabled': 'ws.enabled',
  'rpc-ws-host': 'ws.addr',
  'rpc-ws-api': 'ws.api',
  'rpc-ws-apis': 'ws.api',
  'engine-host-allowlist': 'authrpc.vhosts',
  'engine-jwt-secret': 'authrpc.jwt',
  'engine-jwt-disabled': 'authrpc.jwt-disabled',
  'rpc-http-authentication-enabled': 'rpc.auth',
  'metrics-host': 'metrics.addr',
  'node-private-key-file': 'keys',
  'miner-enabled': 'mine',
  'data-path': 'datadir',
};

const NETHERMIND_FLAGS: FlagMap = {
  'jsonrpc.enabled': 'http.enabled',
  'jsonrpc.host': 'http.addr',
  'jsonrpc.enabledmodules': 'http.api',
  'jsonrpc.enginehost': 'authrpc.addr',
  'jsonrpc.jwtsecretfile': 'authrpc.jwt',
  'init.enableunsecureddevwallet': 'unlock.devwallet',
  'keystore.unlockaccounts': 'unlock.accounts',
  'keystore.keystoredirectory': 'keys',
  datadir: 'datadir',
  'metrics.exposehost': 'metrics.addr',
};

const VALIDATOR_FLAGS: Partial<Record<Client, FlagMap>> = {
  prysm: {
    'validators-external-signer-url': 'signer.external',
    'wallet-dir': 'keys',
    'wallet-password-file': 'keys.password',
    datadir: 'datadir',
    'enable-doppelganger': 'doppelganger',
    'grpc-gateway-host': 'vc.http.addr',
    web: 'vc.http.enabled',
    'rpc-host': 'http.addr',
    'grpc-gateway-corsdomain': 'http.cors',
    'monitoring-host': 'metrics.addr',
    pprofaddr: 'pprof.addr',
  },
  lighthouse: {
    datadir: 'datadir',
    http: 'vc.http.enabled',
    'http-address': 'vc.http.addr',
    'unencrypted-http-transport': 'vc.http.unencrypted',
    'http-allow-origin': 'http.cors',
    'enable-doppelganger-protection': 'doppelganger',
    'init-slashing-protection': 'slashing.init',
    'metrics-address': 'metrics.addr',
  },
  teku: {
    'validators-external-signer-url': 'signer.external',
    'validator-keys': 'keys',
    'data-path': 'datadir',
    'data-base-path': 'datadir',
    'data-validator-path': 'datadir',
    'doppelganger-detection-enabled': 'doppelganger',
    'rest-api-interface': 'http.addr',
    'rest-api-cors-origins': 'http.cors',
    'rest-api-host-allowlist': 'http.vhosts',
    'validator-api-enabled': 'vc.http.enabled',
    'validator-api-interface': 'vc.http.addr',
    'metrics-interface': 'metrics.addr',
  },
  lodestar: {
    'externalsigner.url': 'signer.external',
    'externalsigner.urls': 'signer.external',
    datadir: 'datadir',
    doppelgangerprotection: 'doppelganger',
    keymanager: 'vc.http.enabled',
    'keymanager.address': 'vc.http.addr',
    'rest.address': 'http.addr',
    'rest.cors': 'http.cors',
    importkeystores: 'keys',
    'metrics.address': 'metrics.addr',
  },
  nimbus: {
    'web3-signer-url': 'signer.external',
    'data-dir': 'datadir',
    'validators-dir': 'keys',
    'doppelganger-detection': 'doppelganger',
    keymanager: 'vc.http.enabled',
    'keymanager-address': 'vc.http.addr',
    'rest-address': 'http.addr',
    'rest-allow-origin': 'http.cors',
    'metrics-address': 'metrics.addr',
  },
  web3signer: {
    'slashing-protection-enabled': 'slashing.enabled',
    'slashing-protection-db-url': 'slashing.db',
    'http-host-allowlist': 'http.vhosts',
    'http-listen-host': 'http.addr',
    'http-cors-origins': 'http.cors',
    'key-store-path': 'keys',
    'keystores-path': 'keys',
    'tls-keystore-file': 'tls',
    'metrics-host': 'metrics.addr',
  },
  clef: {
    keystore: 'keys',
    'http.addr': 'http.addr',
    'http.vhosts': 'http.vhosts',
    http: 'http.enabled',
  },
};

const COMETBFT_FLAGS: FlagMap = {
  'rpc.laddr': 'comet.rpc.laddr',
  'rpc.unsafe': 'comet.rpc.unsafe',
  priv_validator_laddr: 'comet.privval.laddr',
  home: 'datadir',
  'consensus.double_sign_check_height': 'comet.double-sign-check',
  'api.address': 'http.addr',
  'api.enabled-unsafe-cors': 'comet.api.unsafe-cors',
  'grpc.address': 'admin.addr',
  'p2p.pex': 'comet.p2p.pex',
};

function flagMapOf(client: Client): FlagMap {
  switch (client) {
    case 'geth':
    case 'erigon':
    case 'reth':
      return GETH_FLAGS;
    case 'besu':
      return BESU_FLAGS;
    case 'nethermind':
      return NETHERMIND_FLAGS;
    case 'cometbft':
      return COMETBFT_FLAGS;
    default:
      return VALIDATOR_FLAGS[client] ?? {};
  }
}

/** Environment variables some clients read instead of flags, by client. */
const ENV_SETTINGS: Partial<Record<Client, (name: string) => string | undefined>> = {
  besu: (n) => (n.startsWith('BESU_') ? BESU_FLAGS[n.slice(5).toLowerCase().replace(/_/g, '-')] : undefined),
  nethermind: (n) => {
    const m = /^NETHERMIND_([A-Z]+)CONFIG_([A-Z]+)$/.exec(n);
    return m ? NETHERMIND_FLAGS[`${m[1].toLowerCase()}.${m[2].toLowerCase()}`] : undefined;
  },
  teku: (n) => (n.startsWith('TEKU_') ? VALIDATOR_FLAGS.teku![n.slice(5).toLowerCase().replace(/_/g, '-')] : undefined),
  web3signer: (n) =>
    n.startsWith('WEB3SIGNER_')
      ? VALIDATOR_FLAGS.web3signer![n.slice(11).toLowerCase().replace(/_/g, '-')]
      : n.startsWith('ETH2_')
        ? VALIDATOR_FLAGS.web3signer![n.slice(5).toLowerCase().replace(/_/g, '-')]
        : undefined,
};

export interface EnvValue {
  name: string;
  value?: string;
  /** `secret:<name>/<key>` or `configmap:<name>/<key>` for references. */
  ref?: string;
  line?: number;
}

/** Canonical settings of a node from its command line and environment. */
export function nodeSettings(run: ClientRun, env: EnvValue[]): NodeSetting[] {
  const map = flagMapOf(run.client);
  const out: NodeSetting[] = [];
  const add = (key: string, f: Flag) => out.push({ key, value: f.value ?? 'true', text: f.text, line: f.line });
  for (const f of run.command.flags) {
    const key = map[f.name];
    if (key) add(key, f);
  }
  const fromEnv = ENV_SETTINGS[run.client];
  if (fromEnv)
    for (const e of env) {
      const key = fromEnv(e.name);
      if (key && e.value !== undefined)
        out.push({ key, value: e.value, text: `env ${e.name}=${e.value}`, line: e.line });
    }
  return out;
}

export function setting(settings: NodeSetting[], key: string): NodeSetting | undefined {
  for (let i = settings.length - 1; i >= 0; i--) if (settings[i].key === key) return settings[i];
  return undefined;
}

export function settingOn(settings: NodeSetting[], key: string): boolean | undefined {
  const s = setting(settings, key);
  return s ? boolValue({ name: key, value: s.value, text: s.text }) : undefined;
}

export const settingList = (s: NodeSetting | undefined): string[] => listValue(s?.value);

/** Default ports of each family, by role; names in the pod spec override them. */
const DEFAULT_PORTS: Record<Family, Record<number, PortRole>> = {
  execution: {
    8545: 'rpc',
    8546: 'ws',
    8547: 'rpc',
    8551: 'engine',
    6060: 'metrics',
    9545: 'metrics',
    9001: 'metrics',
    9090: 'admin',
    30303: 'p2p',
    30304: 'p2p',
    42069: 'p2p',
  },
  beacon: {
    3500: 'rpc',
    4000: 'rpc',
    5051: 'rpc',
    5052: 'rpc',
    9596: 'rpc',
    5054: 'metrics',
    8008: 'metrics',
    8080: 'metrics',
    6060: 'admin',
    9000: 'p2p',
    12000: 'p2p',
    13000: 'p2p',
  },
  'validator-client': {
    7000: 'admin',
    7500: 'admin',
    5062: 'admin',
    5052: 'admin',
    5064: 'metrics',
    8081: 'metrics',
    8008: 'metrics',
  },
  'remote-signer': { 9000: 'signing', 8550: 'signing' },
  cometbft: {
    26657: 'rpc',
    26656: 'p2p',
    26658: 'admin',
    26660: 'metrics',
    6060: 'admin',
    1317: 'rpc',
    9090: 'rpc',
    9091: 'rpc',
  },
  'cometbft-signer': { 26659: 'signing', 1234: 'signing', 2222: 'p2p' },
  'fabric-peer': { 7051: 'p2p', 7052: 'admin', 9443: 'admin', 9444: 'admin' },
  'fabric-orderer': { 7050: 'p2p', 7053: 'admin', 9443: 'admin' },
  'fabric-ca': { 7054: 'admin', 9443: 'admin' },
  couchdb: { 5984: 'db', 4369: 'db', 9100: 'db' },
};

/** The role of a container port: its name first (`rpc`, `ws`, `engine`, `metrics`), then the client's defaults. */
export function portRole(family: Family | undefined, port: number, name?: string): PortRole | undefined {
  const n = (name ?? '').toLowerCase();
  const fallback = family ? DEFAULT_PORTS[family][port] : undefined;
  // A generic name (http, api, grpc) says less than the client's documented use of the port.
  if (fallback && /^(http|https|api|rpc|grpc|rest|json|tcp)$/.test(n)) return fallback;
  if (n) {
    if (/engine|authrpc|auth-rpc/.test(n)) return 'engine';
    if (/metric|prom|monitor/.test(n)) return 'metrics';
    if (/pprof|debug|admin|private|keymanager|key-manager|privval|abci|ops|operations/.test(n)) return 'admin';
    if (/sign/.test(n)) return 'signing';
    if (/^ws|websocket|-ws$/.test(n)) return 'ws';
    if (/p2p|peer|discovery|disc|gossip|libp2p|devp2p|quic|udp/.test(n)) return 'p2p';
    if (/couch|postgres|mysql|redis|mongo|db$/.test(n)) return 'db';
    if (/rpc|http|api|grpc|rest|json/.test(n)) return family ? 'rpc' : undefined;
  }
  return family ? DEFAULT_PORTS[family][port] : undefined;
}

export const CHAIN_PORTS_ANY_FAMILY: Record<number, PortRole> = {
  8545: 'rpc',
  8546: 'ws',
  8551: 'engine',
  26657: 'rpc',
  5984: 'db',
  9443: 'admin',
  7054: 'admin',
};
