import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RpcClient, type RpcOutcome } from '../clients/rpc.js';
import { errorMessage } from '../errors.js';
import { registerForCleanup } from './cleanup.js';
import { waitForExit } from './managed.js';

/**
 * Local litecoind regtest networks (Litecoin Core 0.21 is a Bitcoin Core 0.21 fork with the same
 * RPC, REST and auth model). The tool starts them for the demo, for tests and for the active
 * consensus procedures that need to stop and restart a node it owns.
 */

/** Credentials as a weakly configured node would have them: a tutorial-style pair in plain text. */
export const WEAK_RPC_USER = 'rpcuser';
export const WEAK_RPC_PASSWORD = 'rpcpassword';

/** The anyone-can-spend OP_TRUE output script, as a descriptor with its checksum. */
export const OP_TRUE_DESCRIPTOR = 'raw(51)#8lvh9jxk';

export interface LitecoinNodeOptions {
  /** Which chain the node runs; `main` and `test` nodes get no peers here and stay at their genesis block. */
  network?: 'regtest' | 'test' | 'main';
  /** Accept inbound peers (default true). */
  listen?: boolean;
  /** Connect only to the earlier nodes (`connect=`) instead of adding them to a free peer search (`addnode=`). */
  connectOnly?: boolean;
  /** `weak`: rpcuser/rpcpassword in the clear with a default pair; `hardened`: rpcauth hash of a random password. */
  auth?: 'weak' | 'hardened';
  /** Serve the unauthenticated REST interface (`-rest`). */
  rest?: boolean;
  /** `disabled`: -disablewallet; `enabled`: wallet component on, no wallet loaded; `loaded`: a wallet is created and loaded. */
  wallet?: 'disabled' | 'enabled' | 'loaded';
  /** `-rpcallowip` entries; the RPC server itself always binds to 127.0.0.1. */
  rpcAllowIp?: string[];
  maxConnections?: number;
  /** `-minrelaytxfee` in LTC/kvB, e.g. '0' for a node relaying free transactions. */
  minRelayTxFee?: string;
  maxMempoolMb?: number;
  /** Further `key=value` lines for the node's [regtest] section. */
  extraConfig?: string[];
}

export interface LitecoinNetworkOptions extends LitecoinNodeOptions {
  nodes: number;
  /** Per-node overrides, by index. */
  perNode?: LitecoinNodeOptions[];
  binary?: string;
  startTimeoutMs?: number;
  signal?: AbortSignal;
}

const DEFAULT_START_TIMEOUT_MS = 60_000;
const DEFAULT_RPC_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 20_000;
const MAX_NODES = 8;
const LOG_TAIL_BYTES = 2000;

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function fileTail(path: string, bytes: number): string {
  try {
    const size = statSync(path).size;
    const fd = openSync(path, 'r');
    try {
      const len = Math.min(size, bytes);
      const buf = Buffer.alloc(len);
      readSync(fd, buf, 0, len, size - len);
      return buf.toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return '';
  }
}

/** The `rpcauth=` line format of Bitcoin Core's share/rpcauth/rpcauth.py: HMAC-SHA256 keyed by the salt. */
export function rpcAuthLine(user: string, password: string, salt = randomBytes(16).toString('hex')): string {
  const hash = createHmac('sha256', salt).update(password).digest('hex');
  return `${user}:${salt}$${hash}`;
}

const managed = new Map<string, LitecoinNode>();

function urlKey(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname === 'localhost' ? '127.0.0.1' : u.hostname}:${u.port}`;
  } catch {
    return url;
  }
}

/**
 * The node this process started behind an RPC URL, if any. Active procedures that stop a node
 * only ever act on nodes found here: never on a node someone else runs.
 */
export function managedLitecoinNode(rpcUrl: string): LitecoinNode | undefined {
  return managed.get(urlKey(rpcUrl));
}

export class LitecoinNode {
  readonly datadir: string;
  readonly user: string;
  readonly password: string;
  private child?: ChildProcess;
  private unregister?: () => void;
  private stopping?: Promise<void>;
  private client?: RpcClient;

  constructor(
    readonly index: number,
    root: string,
    readonly rpcPort: number,
    readonly p2pPort: number,
    readonly options: LitecoinNodeOptions,
    /** P2P addresses this node keeps connecting to (`-addnode`). */
    readonly peers: string[],
    private readonly binary: string,
  ) {
    this.datadir = join(root, `node${index}`);
    if (options.auth === 'weak') {
      this.user = WEAK_RPC_USER;
      this.password = WEAK_RPC_PASSWORD;
    } else {
      this.user = `audit${index}`;
      this.password = randomBytes(32).toString('base64url');
    }
  }

  get rpcUrl(): string {
    return `http://127.0.0.1:${this.rpcPort}/`;
  }

  get p2pAddress(): string {
    return `127.0.0.1:${this.p2pPort}`;
  }

  get confFile(): string {
    return join(this.datadir, 'litecoin.conf');
  }

  get logFile(): string {
    const sub = { regtest: 'regtest', test: 'testnet4', main: '' }[this.options.network ?? 'regtest'];
    return join(this.datadir, sub, 'debug.log');
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  /** An authenticated client; the default one is shared, other time limits get their own. */
  rpc(timeoutMs = DEFAULT_RPC_TIMEOUT_MS): RpcClient {
    const make = () =>
      new RpcClient({
        url: this.rpcUrl,
        headers: { authorization: `Basic ${Buffer.from(`${this.user}:${this.password}`).toString('base64')}` },
        timeoutMs,
        maxBytes: 64 * 1024 * 1024,
      });
    if (timeoutMs !== DEFAULT_RPC_TIMEOUT_MS) return make();
    this.client ??= make();
    return this.client;
  }

  /** Calls a method and returns its result or throws with the node's own error. */
  call<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    return this.rpc().result<T>(method, params);
  }

  private configText(): string {
    const o = this.options;
    const network = o.network ?? 'regtest';
    const head = { regtest: ['regtest=1'], test: ['testnet=1'], main: [] as string[] }[network];
    const lines = [
      ...head,
      'server=1',
      'printtoconsole=0',
      'dnsseed=0',
      'discover=0',
      'listenonion=0',
      'upnp=0',
      '',
      `[${network}]`,
    ];
    lines.push(`port=${this.p2pPort}`, `rpcport=${this.rpcPort}`, 'rpcbind=127.0.0.1');
    // Core refuses -bind together with listen=0.
    lines.push(...(o.listen === false ? ['listen=0'] : ['bind=127.0.0.1', 'listen=1']));
    for (const ip of o.rpcAllowIp ?? ['127.0.0.1']) lines.push(`rpcallowip=${ip}`);
    if (o.auth === 'weak') lines.push(`rpcuser=${this.user}`, `rpcpassword=${this.password}`);
    else lines.push(`rpcauth=${rpcAuthLine(this.user, this.password)}`);
    for (const p of this.peers) lines.push(`${o.connectOnly ? 'connect' : 'addnode'}=${p}`);
    if (o.rest) lines.push('rest=1');
    if ((o.wallet ?? 'disabled') === 'disabled') lines.push('disablewallet=1');
    else lines.push('fallbackfee=0.0001');
    if (o.maxConnections !== undefined) lines.push(`maxconnections=${o.maxConnections}`);
    if (o.minRelayTxFee !== undefined) lines.push(`minrelaytxfee=${o.minRelayTxFee}`);
    if (o.maxMempoolMb !== undefined) lines.push(`maxmempool=${o.maxMempoolMb}`);
    lines.push('dbcache=8', ...(o.extraConfig ?? []));
    return `${lines.join('\n')}\n`;
  }

  /** Starts (or restarts) the node on its ports and data directory and waits until RPC answers. */
  async start(timeoutMs = DEFAULT_START_TIMEOUT_MS, signal?: AbortSignal): Promise<void> {
    if (this.running) return;
    this.stopping = undefined;
    writeFileSync(this.confFile, this.configText(), { mode: 0o600 });
    const child = spawn(this.binary, [`-datadir=${this.datadir}`, `-conf=${this.confFile}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child = child;
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => {
      stderr = (stderr + c.toString('utf8')).slice(-LOG_TAIL_BYTES);
    });
    child.once('error', (err) => {
      stderr += errorMessage(err);
    });
    this.unregister = registerForCleanup(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    managed.set(urlKey(this.rpcUrl), this);
    const deadline = Date.now() + timeoutMs;
    const probe = this.rpc(3000);
    let last = 'no answer';
    while (Date.now() < deadline) {
      if (signal?.aborted) break;
      if (!this.running) {
        const tail = (stderr.trim() || fileTail(this.logFile, LOG_TAIL_BYTES)).trim().split('\n').slice(-3).join(' | ');
        await this.stop();
        throw new Error(`litecoind node${this.index} exited during start-up: ${tail || 'no output'}`);
      }
      try {
        const out: RpcOutcome = await probe.call('getblockchaininfo');
        if (out.ok) {
          await this.prepareWallet();
          return;
        }
        last = out.error ? `${out.error.code} ${out.error.message}` : (out.malformed ?? 'error');
      } catch (err) {
        last = errorMessage(err);
      }
      await sleep(100);
    }
    await this.stop();
    throw new Error(`litecoind node${this.index} did not answer RPC within ${timeoutMs} ms (${last})`);
  }

  private async prepareWallet(): Promise<void> {
    if (this.options.wallet !== 'loaded') return;
    const loaded = await this.rpc().call<string[]>('listwallets');
    if (loaded.ok && (loaded.result ?? []).length > 0) return;
    const load = await this.rpc().call('loadwallet', ['audit']);
    if (!load.ok) await this.call('createwallet', ['audit']);
  }

  /** Stops the node (RPC `stop`, then SIGTERM, then SIGKILL); calling it again is harmless. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const child = this.child;
      if (child && child.exitCode === null && child.signalCode === null) {
        try {
          await this.rpc(3000).call('stop');
        } catch {
          // falls through to signals
        }
        if (!(await waitForExit(child, STOP_GRACE_MS))) {
          child.kill('SIGTERM');
          if (!(await waitForExit(child, 5000))) {
            child.kill('SIGKILL');
            await waitForExit(child, 5000);
          }
        }
      }
      child?.stderr?.destroy();
      this.unregister?.();
      this.unregister = undefined;
    })();
    return this.stopping;
  }

  /** The tail of the node's own debug.log, for diagnostics. */
  logTail(bytes = LOG_TAIL_BYTES): string {
    return fileTail(this.logFile, bytes);
  }

  /** Removes this node from the managed registry (after the network is torn down). */
  forget(): void {
    if (managed.get(urlKey(this.rpcUrl)) === this) managed.delete(urlKey(this.rpcUrl));
  }
}

export class LitecoinNetwork {
  private torn?: Promise<void>;
  private readonly unregisterDir: () => void;

  constructor(
    readonly root: string,
    readonly nodes: LitecoinNode[],
  ) {
    this.unregisterDir = registerForCleanup(() => rmSync(root, { recursive: true, force: true }));
  }

  node(i: number): LitecoinNode {
    const n = this.nodes[i];
    if (!n) throw new Error(`no node ${i} in this network of ${this.nodes.length}`);
    return n;
  }

  /** Mines blocks on one node to the anyone-can-spend script (or the given descriptor). */
  mine(count: number, on = 0, descriptor = OP_TRUE_DESCRIPTOR): Promise<string[]> {
    return this.node(on).call<string[]>('generatetodescriptor', [count, descriptor]);
  }

  /** Asks every running node to connect to every other running node now, rather than at the next retry. */
  async connectAll(): Promise<void> {
    const up = this.nodes.filter((n) => n.running);
    for (const a of up) {
      for (const b of up) {
        if (a !== b) await a.rpc().call('addnode', [b.p2pAddress, 'onetry']);
      }
    }
  }

  async waitFor(what: string, cond: () => Promise<boolean>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      try {
        if (await cond()) return;
      } catch {
        // a node may be briefly unavailable; keep polling until the deadline
      }
      await sleep(200);
    }
    throw new Error(`litecoind network: ${what} not reached within ${timeoutMs} ms`);
  }

  /** Waits until every running node has at least `min` peers (default: all other running nodes). */
  waitForPeers(min?: number, timeoutMs = 30_000): Promise<void> {
    return this.waitFor(
      'peer connections',
      async () => {
        const up = this.nodes.filter((n) => n.running);
        const want = min ?? up.length - 1;
        const counts = await Promise.all(up.map((n) => n.call<number>('getconnectioncount')));
        return counts.every((c) => c >= want);
      },
      timeoutMs,
    );
  }

  /** Waits until every running node has the same best block. */
  waitForSync(timeoutMs = 30_000): Promise<void> {
    return this.waitFor(
      'same best block on every node',
      async () => {
        const up = this.nodes.filter((n) => n.running);
        const tips = await Promise.all(up.map((n) => n.call<string>('getbestblockhash')));
        return tips.every((t) => t === tips[0]);
      },
      timeoutMs,
    );
  }

  stopNode(i: number): Promise<void> {
    return this.node(i).stop();
  }

  async restartNode(i: number): Promise<void> {
    await this.node(i).start();
    await this.connectAll();
  }

  /** Stops every node and removes the data directories; calling it again is harmless. */
  stop(): Promise<void> {
    this.torn ??= (async () => {
      await Promise.all(this.nodes.map((n) => n.stop()));
      for (const n of this.nodes) n.forget();
      rmSync(this.root, { recursive: true, force: true });
      this.unregisterDir();
    })();
    return this.torn;
  }
}

function sharedNodeOptions(o: LitecoinNetworkOptions): LitecoinNodeOptions {
  const {
    network,
    listen,
    connectOnly,
    auth,
    rest,
    wallet,
    rpcAllowIp,
    maxConnections,
    minRelayTxFee,
    maxMempoolMb,
    extraConfig,
  } = o;
  return {
    network,
    listen,
    connectOnly,
    auth,
    rest,
    wallet,
    rpcAllowIp,
    maxConnections,
    minRelayTxFee,
    maxMempoolMb,
    extraConfig,
  };
}

/**
 * Starts N litecoind regtest nodes on free loopback ports in a fresh temporary directory; node i
 * keeps connecting to every node before it, which forms a full mesh. Resolves once every node
 * answers RPC and has its peers.
 */
export async function startLitecoinNetwork(opts: LitecoinNetworkOptions): Promise<LitecoinNetwork> {
  if (!Number.isInteger(opts.nodes) || opts.nodes < 1 || opts.nodes > MAX_NODES) {
    throw new Error(`a litecoind network has 1 to ${MAX_NODES} nodes, not ${opts.nodes}`);
  }
  const binary = opts.binary ?? 'litecoind';
  const root = mkdtempSync(join(tmpdir(), 'chainaudit-ltc-'));
  const nodes: LitecoinNode[] = [];
  const network = new LitecoinNetwork(root, nodes);
  try {
    for (let i = 0; i < opts.nodes; i++) {
      const nodeOptions: LitecoinNodeOptions = { ...sharedNodeOptions(opts), ...(opts.perNode?.[i] ?? {}) };
      let lastError: unknown;
      for (let attempt = 0; attempt < 3; attempt++) {
        const node = new LitecoinNode(
          i,
          root,
          await freeLoopbackPort(),
          await freeLoopbackPort(),
          nodeOptions,
          nodes.map((n) => n.p2pAddress),
          binary,
        );
        rmSync(node.datadir, { recursive: true, force: true });
        mkdirSync(node.datadir, { recursive: true, mode: 0o700 });
        try {
          await node.start(opts.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS, opts.signal);
          nodes.push(node);
          lastError = undefined;
          break;
        } catch (err) {
          node.forget();
          lastError = err;
          // Another process may have taken a port between the probe and the bind: try new ports.
          if (!/bind|address already in use/i.test(errorMessage(err))) break;
        }
      }
      if (lastError) throw lastError;
    }
    if (opts.nodes > 1) await network.waitForPeers(opts.nodes - 1, 30_000);
    return network;
  } catch (err) {
    await network.stop();
    throw err;
  }
}
