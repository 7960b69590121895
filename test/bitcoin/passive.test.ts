import { readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLitecoinNetwork, type LitecoinNetwork } from '../../src/nodes/litecoin.js';
import type { Finding } from '../../src/model.js';
import { hasBinary, prerequisite } from '../support/prereq.js';
import { audit, makeScope, nodeTarget, one, statusOf } from './harness.js';

const ready = prerequisite('litecoind', hasBinary('litecoind'), 'apt-get install -y litecoind');

const PASSIVE = [
  'bitcoin.rpc.unauthenticated',
  'bitcoin.rpc.weak-credentials',
  'bitcoin.rpc.login-failure-delay',
  'bitcoin.rest.unauthenticated',
  'bitcoin.rpc.allowip',
  'bitcoin.wallet.enabled',
  'bitcoin.rpc.path-leak',
  'bitcoin.zmq.endpoints',
  'bitcoin.p2p.connection-limits',
  'bitcoin.p2p.transport-encryption',
  'bitcoin.p2p.node-access-control',
  'bitcoin.p2p.ban-list',
  'bitcoin.p2p.reachability',
  'bitcoin.p2p.connection-timeout',
  'bitcoin.chain.tips',
  'bitcoin.mempool.limits',
  'bitcoin.node.known-vulnerable-version',
  'bitcoin.chain.identity',
  'bitcoin.node.clock',
  'bitcoin.node.sync-status',
];

/**
 * One real two-node litecoind network: node 0 configured the careless way (tutorial credentials in
 * clear text, REST on, wallet loaded, RPC allowed from everywhere, free relay, huge limits), node 1
 * hardened (rpcauth, no REST, no wallet, connect-only, defaults).
 */
describe.runIf(ready)('Bitcoin-family passive checks against real litecoind (weak vs hardened)', () => {
  let net: LitecoinNetwork;
  let findings: Finding[];
  let scope: ReturnType<typeof makeScope>;

  beforeAll(async () => {
    net = await startLitecoinNetwork({
      nodes: 2,
      perNode: [
        {
          auth: 'weak',
          rest: true,
          wallet: 'loaded',
          rpcAllowIp: ['0.0.0.0/0'],
          maxConnections: 500,
          minRelayTxFee: '0',
          extraConfig: ['peertimeout=3600', 'v2transport=1'],
        },
        { auth: 'hardened', listen: false, connectOnly: true },
      ],
    });
    await net.mine(101, 0);
    await net.waitForSync();
    scope = makeScope([
      nodeTarget(net.node(0), 'weak', {
        chain: 'ltc-regtest',
        exposure: 'public',
        allowCredentialGuessing: true,
        configFile: net.node(0).confFile,
        expect: { maxInbound: 0, genesisHash: '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206' },
      }),
      nodeTarget(net.node(1), 'hardened', {
        chain: 'ltc-regtest',
        allowCredentialGuessing: true,
        configFile: net.node(1).confFile,
        expect: {
          chain: 'regtest',
          genesisHash: '530827f38f93b43ed12af0b3ad25a288dc02ed74d6d7857862df51fc56c416f9',
          minPeers: 1,
        },
      }),
    ]);
    findings = await audit(scope, PASSIVE);
  }, 120_000);

  afterAll(async () => {
    await net?.stop();
  });

  it('produces no error findings on either node', () => {
    const errors = findings.filter((f) => f.status === 'error');
    expect(errors.map((f) => `${f.checkId} ${f.targetId}: ${f.message}`)).toEqual([]);
  });

  it('RPC auth: both refuse anonymous calls; only the weak node falls to the default list and keeps a clear-text password', () => {
    expect(statusOf(findings, 'bitcoin.rpc.unauthenticated', 'weak')).toBe('pass');
    expect(statusOf(findings, 'bitcoin.rpc.unauthenticated', 'hardened')).toBe('pass');
    const guess = one(findings, 'bitcoin.rpc.weak-credentials', 'weak', 'guess');
    expect(guess.status).toBe('fail');
    expect(guess.severity).toBe('critical');
    expect(guess.message).not.toContain('rpcpassword');
    expect(statusOf(findings, 'bitcoin.rpc.weak-credentials', 'weak', 'config')).toBe('fail');
    expect(statusOf(findings, 'bitcoin.rpc.weak-credentials', 'weak', 'scope')).toBe('fail');
    expect(statusOf(findings, 'bitcoin.rpc.weak-credentials', 'hardened', 'guess')).toBe('pass');
    expect(statusOf(findings, 'bitcoin.rpc.weak-credentials', 'hardened', 'config')).toBe('pass');
    expect(statusOf(findings, 'bitcoin.rpc.weak-credentials', 'hardened', 'scope')).toBe('pass');
    const evidence = findings.flatMap((f) => f.evidence.map((e) => e.value)).join('\n');
    expect(evidence).not.toContain(net.node(1).password);
  });

  it('login failures are delayed by the node (250 ms) but never locked out', () => {
    const f = one(findings, 'bitcoin.rpc.login-failure-delay', 'hardened');
    expect(f.status).toBe('warn');
    expect(Number(/after (\d+) ms/.exec(f.evidence[0].value)?.[1])).toBeGreaterThanOrEqual(200);
  });

  it('REST, rpcallowip, wallet: fail on the weak node, pass on the hardened one', () => {
    expect(statusOf(findings, 'bitcoin.rest.unauthenticated', 'weak')).toBe('fail');
    expect(statusOf(findings, 'bitcoin.rest.unauthenticated', 'hardened')).toBe('pass');
    expect(one(findings, 'bitcoin.rpc.allowip', 'weak', 'config').message).toContain('0.0.0.0/0');
    expect(statusOf(findings, 'bitcoin.rpc.allowip', 'weak', 'config')).toBe('fail');
    expect(statusOf(findings, 'bitcoin.rpc.allowip', 'hardened', 'config')).toBe('pass');
    expect(statusOf(findings, 'bitcoin.wallet.enabled', 'weak')).toBe('fail');
    expect(statusOf(findings, 'bitcoin.wallet.enabled', 'hardened')).toBe('pass');
  });

  it('getrpcinfo leaks the real log path; ZMQ is absent from this build', () => {
    const leak = one(findings, 'bitcoin.rpc.path-leak', 'hardened');
    expect(leak.status).toBe('warn');
    expect(leak.message).toContain(net.node(1).logFile);
    expect(statusOf(findings, 'bitcoin.zmq.endpoints', 'weak')).toBe('not-applicable');
  });

  it('peer limits: counts judged against the scope and maxconnections against Core defaults', () => {
    expect(one(findings, 'bitcoin.p2p.connection-limits', 'weak', 'counts').message).toMatch(/1 inbound > 0/);
    expect(statusOf(findings, 'bitcoin.p2p.connection-limits', 'weak', 'config')).toBe('fail');
    expect(statusOf(findings, 'bitcoin.p2p.connection-limits', 'hardened', 'counts')).toBe('pass');
    expect(statusOf(findings, 'bitcoin.p2p.connection-limits', 'hardened', 'config')).toBe('pass');
  });

  it('P2P: plaintext v1 transport on both; open inbound on the weak node, connect-only hardened node passes', () => {
    expect(statusOf(findings, 'bitcoin.p2p.transport-encryption', 'weak')).toBe('fail');
    expect(one(findings, 'bitcoin.p2p.transport-encryption', 'hardened').items).toContain('DJCP.P2P.UNICAST_INTEGRITY');
    expect(statusOf(findings, 'bitcoin.p2p.node-access-control', 'weak')).toBe('fail');
    expect(statusOf(findings, 'bitcoin.p2p.node-access-control', 'hardened')).toBe('pass');
    expect(statusOf(findings, 'bitcoin.p2p.reachability', 'weak')).toBe('pass');
    expect(statusOf(findings, 'bitcoin.p2p.ban-list', 'weak')).toBe('pass');
    expect(statusOf(findings, 'bitcoin.p2p.connection-timeout', 'weak', 'peers')).toBe('pass');
    expect(statusOf(findings, 'bitcoin.p2p.connection-timeout', 'weak', 'config')).toBe('fail');
    expect(statusOf(findings, 'bitcoin.p2p.connection-timeout', 'hardened', 'config')).toBe('pass');
  });

  it('bitcoin.conf transport encryption: litecoind ignores v2transport=1, so the file audit fails it, set or not', async () => {
    expect(readFileSync(net.node(0).logFile, 'utf8')).toMatch(
      /Ignoring unknown configuration value (regtest\.)?v2transport/,
    );
    const live = one(findings, 'bitcoin.p2p.transport-encryption', 'weak');
    expect(live.evidence.find((e) => e.label === 'getnetworkinfo.localservicesnames')!.value).not.toMatch(/P2P_V2/);
    const files = await audit(
      makeScope([
        { id: 'weak-conf', kind: 'config', path: net.node(0).confFile },
        { id: 'hardened-conf', kind: 'config', path: net.node(1).confFile },
      ]),
      ['configs.bitcoin'],
    );
    const v2 = files.filter((f) => f.result === 'v2transport');
    expect(v2.map((f) => [f.targetId, f.status]).sort()).toEqual([
      ['hardened-conf', 'fail'],
      ['weak-conf', 'fail'],
    ]);
  });

  it('mempool relay fee, version table, chain identity, clock, sync', () => {
    expect(statusOf(findings, 'bitcoin.mempool.limits', 'weak', 'fee')).toBe('fail');
    expect(statusOf(findings, 'bitcoin.mempool.limits', 'hardened', 'fee')).toBe('pass');
    const version = one(findings, 'bitcoin.node.known-vulnerable-version', 'hardened');
    expect(version.status).toBe('pass');
    expect(version.message).toContain('LitecoinCore 0.21.2.1');
    expect(one(findings, 'bitcoin.chain.identity', 'weak').status).toBe('fail');
    expect(one(findings, 'bitcoin.chain.identity', 'hardened').status).toBe('pass');
    expect(statusOf(findings, 'bitcoin.node.clock', 'hardened', 'system')).toBe('pass');
    expect(statusOf(findings, 'bitcoin.node.clock', 'hardened', 'peers')).toBe('pass');
    expect(statusOf(findings, 'bitcoin.node.sync-status', 'hardened')).toBe('pass');
    expect(statusOf(findings, 'bitcoin.chain.tips', 'hardened')).toBe('pass');
  });

  it('ban list: banning the member node is caught, and a node with networking off is caught', async () => {
    await net.node(0).call('setban', ['127.0.0.1', 'add', 600]);
    await net.node(1).call('setnetworkactive', [false]);
    try {
      const again = await audit(scope, ['bitcoin.p2p.ban-list', 'bitcoin.p2p.reachability']);
      expect(one(again, 'bitcoin.p2p.ban-list', 'weak').status).toBe('fail');
      expect(one(again, 'bitcoin.p2p.ban-list', 'weak').message).toContain('hardened');
      expect(one(again, 'bitcoin.p2p.reachability', 'hardened').status).toBe('fail');
      expect(one(again, 'bitcoin.p2p.reachability', 'hardened').message).toContain('networkactive=false');
    } finally {
      await net.node(0).call('clearbanned');
      await net.node(1).call('setnetworkactive', [true]);
    }
  });

  it('intrusive robustness probes: every probe answered with an error and the node stays up', async () => {
    const robust = await audit(scope, ['bitcoin.rpc.robustness'], { intrusive: true, active: false });
    const mine = robust.filter((f) => f.targetId === 'hardened');
    expect(mine.map((f) => [f.result, f.status]).sort()).toEqual(
      ['deep-nesting', 'invalid-utf8', 'large-batch', 'malformed-json', 'oversized-body', 'unknown-method'].map((r) => [
        r,
        'pass',
      ]),
    );
    expect(mine.find((f) => f.result === 'unknown-method')!.evidence[0].value).toMatch(/-32601/);
    expect(net.node(1).running).toBe(true);
    expect(await net.node(1).call<number>('getblockcount')).toBeGreaterThanOrEqual(101);
  }, 120_000);

  it('an auth-injecting reverse proxy in front of the node makes RPC anonymous, and the check fails', async () => {
    // The misconfiguration this check exists for: a proxy that adds the node's credentials to every request.
    const node = net.node(1);
    const proxy: Server = createServer((req, res) => {
      const upstream = request(
        {
          host: '127.0.0.1',
          port: node.rpcPort,
          method: req.method,
          path: req.url,
          headers: {
            ...req.headers,
            authorization: `Basic ${Buffer.from(`${node.user}:${node.password}`).toString('base64')}`,
          },
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const port = (proxy.address() as { port: number }).port;
      const proxied = makeScope([
        { id: 'behind-proxy', kind: 'bitcoin-node', rpc: `http://127.0.0.1:${port}/`, exposure: 'private' },
      ]);
      const found = await audit(proxied, ['bitcoin.rpc.unauthenticated']);
      expect(found[0].status).toBe('fail');
      expect(found[0].severity).toBe('critical');
      expect(found[0].evidence[0].value).toMatch(/HTTP 200, result \d+/);
    } finally {
      await new Promise((r) => proxy.close(r));
    }
  });
});
