import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { auditConfigFile, detectConfigFormat } from '../../src/analyzers/configs/index.js';
import { configsChecks } from '../../src/checks/configs/index.js';
import { audit } from '../services/servers.js';

const FIXTURES = fileURLToPath(new URL('../fixtures-configs/', import.meta.url));
const fx = (name: string) => join(FIXTURES, name);

async function nonPassRules(file: string): Promise<string[]> {
  return [
    ...new Set(
      (await auditConfigFile(fx(file))).findings.filter((f) => f.status !== 'pass').map((f) => `${f.rule}:${f.status}`),
    ),
  ].sort();
}

const CASES: { weak: string; hardened: string; format: string; check: string; expected: string[] }[] = [
  {
    weak: 'geth-weak.toml',
    hardened: 'geth-hardened.toml',
    format: 'geth',
    check: 'configs.geth',
    expected: [
      'geth.authrpc:fail',
      'geth.cors:fail',
      'geth.insecure-unlock:fail',
      'geth.peer-admission:warn',
      'geth.peers:warn',
      'geth.rpc-apis:fail',
      'geth.rpc-exposure:warn',
      'geth.vhosts:warn',
    ],
  },
  {
    weak: 'bitcoin-weak.conf',
    hardened: 'bitcoin-hardened.conf',
    format: 'bitcoin',
    check: 'configs.bitcoin',
    expected: [
      'bitcoin.maxconnections:warn',
      'bitcoin.rest:warn',
      'bitcoin.rpc-credentials:fail',
      'bitcoin.rpcallowip:fail',
      'bitcoin.rpcbind:warn',
      'bitcoin.server-wallet:warn',
      'bitcoin.v2transport:fail',
      'bitcoin.zmq:warn',
    ],
  },
  {
    weak: 'core-weak.yaml',
    hardened: 'core-hardened.yaml',
    format: 'fabric-core',
    check: 'configs.fabric',
    expected: [
      'fabric.bccsp:warn',
      'fabric.couchdb-credentials:fail',
      'fabric.gossip-endpoint:warn',
      'fabric.mutual-tls:warn',
      'fabric.operations-tls:warn',
      'fabric.tls:fail',
    ],
  },
  {
    weak: 'orderer-weak.yaml',
    hardened: 'orderer-hardened.yaml',
    format: 'fabric-orderer',
    check: 'configs.fabric',
    expected: ['fabric.bccsp:warn', 'fabric.mutual-tls:warn', 'fabric.operations-tls:warn', 'fabric.tls:fail'],
  },
  {
    weak: 'cometbft-weak.toml',
    hardened: 'cometbft-hardened.toml',
    format: 'cometbft',
    check: 'configs.cometbft',
    expected: [
      'cometbft.addr-book-strict:warn',
      'cometbft.double-sign-check:warn',
      'cometbft.peer-limits:warn',
      'cometbft.pex:warn',
      'cometbft.prometheus:warn',
      'cometbft.rpc-cors:fail',
      'cometbft.rpc-laddr:warn',
      'cometbft.rpc-unsafe:fail',
      'cometbft.validator-key:warn',
    ],
  },
  {
    weak: 'my-weak.cnf',
    hardened: 'my-hardened.cnf',
    format: 'mysql',
    check: 'configs.mysql',
    expected: [
      'mysql.auth-plugin:warn',
      'mysql.bind:warn',
      'mysql.local-infile:warn',
      'mysql.logging:warn',
      'mysql.skip-grant-tables:fail',
      'mysql.tls:warn',
    ],
  },
  {
    weak: 'couchdb-weak.ini',
    hardened: 'couchdb-hardened.ini',
    format: 'couchdb',
    check: 'configs.couchdb',
    expected: ['couchdb.admin-party:fail', 'couchdb.bind:warn', 'couchdb.require-valid-user:warn'],
  },
  {
    weak: 'docker-compose-weak.yml',
    hardened: 'docker-compose-hardened.yml',
    format: 'docker-compose',
    check: 'configs.docker-compose',
    expected: ['compose.host-network:warn', 'compose.privileged:fail', 'compose.published-ports:fail'],
  },
  {
    weak: 'sg-weak.tf',
    hardened: 'sg-hardened.tf',
    format: 'terraform',
    check: 'configs.terraform',
    expected: ['terraform.open-ingress:fail', 'terraform.open-p2p:warn'],
  },
];

describe('configuration samples: weak fails, hardened passes', () => {
  for (const c of CASES) {
    it(`${c.format}: ${c.weak} vs ${c.hardened}`, async () => {
      expect((await auditConfigFile(fx(c.weak))).format).toBe(c.format);
      expect(await nonPassRules(c.weak)).toEqual(c.expected);
      const hardened = await auditConfigFile(fx(c.hardened));
      expect(hardened.format).toBe(c.format);
      expect(hardened.findings.filter((f) => f.status !== 'pass')).toEqual([]);
      expect(hardened.findings.length).toBeGreaterThan(0);
    });
  }

  for (const c of CASES) {
    it(`${c.check} reports the weak ${c.format} sample's rules as its declared sub-results`, async () => {
      const check = configsChecks.find((k) => k.meta.id === c.check)!;
      const findings = await audit([{ id: 'w', kind: 'config', path: fx(c.weak) }], [check], FIXTURES);
      const got = [
        ...new Set(findings.filter((f) => f.status !== 'pass').map((f) => `${f.result}:${f.status}`)),
      ].sort();
      const want = c.expected.map((e) => e.replace(/^[a-z_-]+\./, '')).sort();
      expect(got).toEqual(want);
      for (const f of findings) expect(Object.keys(check.meta.results!)).toContain(f.result);
    });
  }

  it('geth command line: flags parsed without running anything', async () => {
    const r = await auditConfigFile(fx('geth-weak.flags'));
    expect(r.format).toBe('geth');
    const apis = r.findings.find((f) => f.rule === 'geth.rpc-apis')!;
    expect(apis).toMatchObject({
      status: 'fail',
      severity: 'critical',
      line: 2,
      setting: '--http.api eth,net,web3,personal,admin',
    });
    expect(r.findings.find((f) => f.rule === 'geth.insecure-unlock')!.status).toBe('fail');
    expect(r.findings.find((f) => f.rule === 'geth.cors')!.setting).toBe('--http.corsdomain *');
  });

  it('locations name the line of the exact setting', async () => {
    const geth = (await auditConfigFile(fx('geth-weak.toml'))).findings;
    expect(geth.find((f) => f.rule === 'geth.insecure-unlock')).toMatchObject({
      line: 8,
      setting: 'InsecureUnlockAllowed = true',
    });
    const tf = (await auditConfigFile(fx('sg-weak.tf'))).findings.filter((f) => f.status === 'fail').map((f) => f.line);
    expect(tf).toEqual([4, 11, 29, 42, 42]);
    const compose = (await auditConfigFile(fx('docker-compose-weak.yml'))).findings
      .filter((f) => f.rule === 'compose.published-ports' && f.status === 'fail')
      .map((f) => f.line);
    expect(compose).toEqual([5, 11, 16]);
    const btc = (await auditConfigFile(fx('bitcoin-weak.conf'))).findings.find(
      (f) => f.rule === 'bitcoin.rpc-credentials',
    )!;
    expect(btc).toMatchObject({ line: 3, setting: 'rpcpassword=****' });
    const fabric = (await auditConfigFile(fx('core-weak.yaml'))).findings.find((f) => f.rule === 'fabric.tls')!;
    expect(fabric.line).toBe(8);
  });

  it('auto detection recognises formats by content when the name says nothing', () => {
    expect(detectConfigFormat('/x/node.conf', 'rpcallowip=10.0.0.0/8\n')).toBe('bitcoin');
    expect(detectConfigFormat('/x/a.toml', '[rpc]\nladdr="tcp://127.0.0.1:26657"\n[p2p]\n')).toBe('cometbft');
    expect(detectConfigFormat('/x/a.conf', 'host all all 10.0.0.0/8 scram-sha-256\n')).toBe('pg_hba');
    expect(detectConfigFormat('/x/a.txt', 'just some words\n')).toBeUndefined();
  });

  it("scope audit: config targets report through their format's check only; bad input is one clear error", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chainaudit-configs-'));
    try {
      writeFileSync(join(dir, 'garbage.bin'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]));
      writeFileSync(join(dir, 'unknown.txt'), 'hello\n');
      writeFileSync(join(dir, 'broken.yaml'), 'peer:\n  tls: [unclosed\n');
      const findings = await audit(
        [
          { id: 'btc', kind: 'config', path: fx('bitcoin-weak.conf') },
          { id: 'bin', kind: 'config', path: join(dir, 'garbage.bin') },
          { id: 'unk', kind: 'config', path: join(dir, 'unknown.txt') },
          { id: 'yaml', kind: 'config', path: join(dir, 'broken.yaml'), format: 'fabric-core' },
          { id: 'missing', kind: 'config', path: join(dir, 'nope.conf'), format: 'redis' },
        ],
        configsChecks,
        dir,
      );
      const btc = findings.filter((f) => f.targetId === 'btc');
      expect(new Set(btc.map((f) => f.checkId))).toEqual(new Set(['configs.bitcoin']));
      expect(btc.find((f) => f.result === 'rpcallowip' && f.status === 'fail')!.items).toContain(
        'BIZ.SERVER.NODE_SERVICE.IP_ALLOWLIST',
      );
      const errors = Object.fromEntries(
        findings.filter((f) => f.status === 'error').map((f) => [f.targetId, f.message]),
      );
      expect(errors.bin).toMatch(/garbage\.bin: binary data/);
      expect(errors.unk).toMatch(/unknown\.txt: cannot tell which configuration format/);
      expect(errors.yaml).toMatch(/broken\.yaml:\d+:\d+: invalid YAML/);
      expect(errors.missing).toMatch(/nope\.conf: no such file or folder/);
      const byTarget = Object.fromEntries(
        findings.filter((f) => f.status === 'error').map((f) => [f.targetId, f.checkId]),
      );
      expect(byTarget).toEqual({
        bin: 'target.unreadable',
        unk: 'target.unreadable',
        yaml: 'configs.fabric',
        missing: 'target.unreadable',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
