import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { itemsOfFinding } from '../../src/catalog/mapping.js';
import { loadFrameworks } from '../../src/cli/frameworks.js';
import { IMPORTERS, importFile } from '../../src/importers/index.js';
import type { Finding } from '../../src/model.js';

const FIX = new URL('./fixtures/', import.meta.url).pathname;
const fw = loadFrameworks();

async function read(tool: string, file: string) {
  const batch = await importFile(tool, join(FIX, file));
  return batch.findings.map((f) => ({ ...f, items: itemsOfFinding(fw.mapping, f) }));
}

const by = (fs: Finding[], result: string) => fs.find((f) => f.result === result);

describe('importers: each tool lands on framework items through its mapping', () => {
  it('Slither JSON: detectors as sub-results, locations, items inherited from our contract checks', async () => {
    const fs = await read('slither', 'slither.json');
    expect(fs.map((f) => [f.checkId, f.result, f.status, f.severity])).toEqual([
      ['import.slither', 'reentrancy-eth', 'fail', 'high'],
      ['import.slither', 'suicidal', 'fail', 'high'],
      ['import.slither', 'solc-version', 'warn', 'info'],
    ]);
    const reentrancy = by(fs, 'reentrancy-eth')!;
    expect(reentrancy.locations[0]).toMatchObject({ file: 'contracts/Vault.sol', line: 18, endLine: 23 });
    expect(reentrancy.related?.[0]).toMatchObject({ line: 20 });
    // the same items our own reentrancy-eth result counts for
    expect(reentrancy.items.sort()).toEqual(
      itemsOfFinding(fw.mapping, { checkId: 'contracts.solidity.reentrancy', result: 'reentrancy-eth' }).sort(),
    );
    expect(reentrancy.items).toContain('DJCP.CONTRACT.MALICIOUS_CODE');
    expect(by(fs, 'suicidal')!.items).toContain('SCSVS.AUTH.2');
  });

  it('Mythril JSON, both variants: SWC ids', async () => {
    const v1 = await read('mythril', 'mythril.json');
    expect(v1.map((f) => f.result)).toEqual(['swc-107', 'swc-106']);
    expect(v1[0].locations[0]).toEqual({ file: 'contracts/Vault.sol', line: 20 });
    expect(by(v1, 'swc-106')!.items).toContain('SCSVS.AUTH.2');
    const v2 = await read('mythril', 'mythril-v2.json');
    expect(v2.map((f) => [f.result, f.severity])).toEqual([
      ['swc-107', 'medium'],
      ['swc-101', 'high'],
    ]);
    expect(v2[1].locations[0].file).toBe('contracts/Vault.sol');
    expect(by(v2, 'swc-101')!.items).toContain('SCSVS.ORACLE.1');
  });

  it('Aderyn JSON: one finding per instance', async () => {
    const fs = await read('aderyn', 'aderyn.json');
    expect(fs.map((f) => [f.result, f.severity, f.locations[0].line])).toEqual([
      ['tx-origin-used-for-auth', 'high', 27],
      ['centralization-risk', 'low', 8],
      ['centralization-risk', 'low', 30],
    ]);
    expect(fs[0].items).toEqual(
      expect.arrayContaining(
        itemsOfFinding(fw.mapping, { checkId: 'contracts.solidity.access-control', result: 'tx-origin' }),
      ),
    );
    expect(fs[1].items).toContain('EXT.GOV.ADMIN_PRIVILEGES');
  });

  it('Trivy fs, config and k8s: vulnerabilities, misconfigurations, secrets (masked), scan errors', async () => {
    const fsScan = await read('trivy', 'trivy-fs.json');
    expect(fsScan.map((f) => f.result)).toEqual(['vuln-cve-2024-37890', 'secret-private-key']);
    expect(fsScan[0].items).toContain('DJCP3.CE.IP.VULNERABILITY_PATCHING');
    expect(fsScan[0].remediation).toContain('8.17.1');
    const key = /0x([0-9a-f]{64})/.exec(readFileSync(join(FIX, 'trivy-fs.json'), 'utf8'))![1];
    expect(JSON.stringify(fsScan)).not.toContain(key);
    expect(fsScan[1].items).toEqual(
      expect.arrayContaining(itemsOfFinding(fw.mapping, { checkId: 'secrets.unencrypted-private-keys' })),
    );
    const config = await read('trivy', 'trivy-config.json');
    expect(config.map((f) => [f.result, f.locations[0].line])).toEqual([
      ['misconf-ksv017', 21],
      ['misconf-ksv012', 21],
    ]);
    expect(config[0].items).toEqual(
      expect.arrayContaining(
        itemsOfFinding(fw.mapping, { checkId: 'kubernetes.pod.privileged', result: 'privileged' }),
      ),
    );
    const k8s = await read('trivy', 'trivy-k8s.json');
    expect(k8s.map((f) => [f.result, f.status])).toEqual([
      ['misconf-ksv009', 'fail'],
      ['scan-error', 'error'],
    ]);
  });

  it('gitleaks: the secret is masked in every field before anything keeps it', async () => {
    const fs = await read('gitleaks', 'gitleaks.json');
    const secret = JSON.parse(readFileSync(join(FIX, 'gitleaks.json'), 'utf8'))[0].Secret as string;
    expect(fs).toHaveLength(1);
    expect(JSON.stringify(fs)).not.toContain(secret);
    expect(fs[0].evidence.find((e) => e.label === 'secret (masked)')!.value).toMatch(/^x8K?q?\*+/);
    expect(fs[0].items).toEqual(
      expect.arrayContaining(itemsOfFinding(fw.mapping, { checkId: 'secrets.service-credentials' })),
    );
  });

  it('kube-bench: PASS and FAIL are observations, INFO is not', async () => {
    const fs = await read('kube-bench', 'kube-bench.json');
    expect(fs.map((f) => [f.result, f.status])).toEqual([
      ['4-2-1', 'fail'],
      ['4-1-1', 'pass'],
    ]);
    expect(fs[0].items).toContain('CLOUD.K8S.API_ACCESS');
    expect(fs[1].items).toEqual(
      expect.arrayContaining(itemsOfFinding(fw.mapping, { checkId: 'host.file-permissions' })),
    );
  });

  it('Semgrep: rule families by pattern; a warn-level error is not a failure to analyse', async () => {
    const fs = await read('semgrep', 'semgrep.json');
    expect(fs.map((f) => [f.result, f.severity])).toEqual([
      ['solidity-security-compound-borrowfresh-reentrancy', 'high'],
      ['javascript-express-security-audit-xss-direct-response-write', 'medium'],
    ]);
    expect(fs[0].items).toContain('DJCP.CONTRACT.MALICIOUS_CODE');
    expect(fs[1].items).toContain('DJCP3.CE.IP.INPUT_VALIDATION');
  });

  it('Prowler OCSF: FAIL and PASS count, MANUAL asks a person and is left out', async () => {
    const fs = await read('prowler', 'prowler-ocsf.json');
    expect(fs.map((f) => [f.result, f.status, f.severity])).toEqual([
      ['s3-bucket-public-access', 'fail', 'critical'],
      ['cloudtrail-multi-region-enabled', 'pass', 'high'],
    ]);
    expect(fs[0].items).toEqual(
      expect.arrayContaining(
        itemsOfFinding(fw.mapping, { checkId: 'cloud.storage.public-access', result: 'public-acl' }),
      ),
    );
  });

  it('testssl.sh (real output, flat and pretty): OK passes, INFO and scanner notes assert nothing', async () => {
    for (const file of ['testssl-flat.json', 'testssl-pretty.json']) {
      const fs = await read('testssl', file);
      const sslv2 = by(fs, 'sslv2')!;
      expect(sslv2.status, file).toBe('pass');
      expect(sslv2.items).toEqual(
        expect.arrayContaining(itemsOfFinding(fw.mapping, { checkId: 'web.tls.protocols', result: 'legacy-protocol' })),
      );
      expect(fs.some((f) => f.result === 'engine-problem' || f.result === 'service')).toBe(false);
      expect(new Set(fs.map((f) => f.targetId))).toEqual(new Set(['import:testssl']));
    }
    const pretty = await read('testssl', 'testssl-pretty.json');
    expect(by(pretty, 'hsts')).toMatchObject({ status: 'fail' });
  });

  it('Nuclei JSON lines: template and matcher as the rule', async () => {
    const fs = await read('nuclei', 'nuclei.jsonl');
    expect(fs.map((f) => [f.result, f.severity, f.status])).toEqual([
      ['git-config', 'medium', 'fail'],
      ['http-missing-security-headers-strict-transport-security', 'info', 'warn'],
      ['cve-2021-44228', 'critical', 'fail'],
    ]);
    expect(fs[0].items).toEqual(
      expect.arrayContaining(itemsOfFinding(fw.mapping, { checkId: 'web.http.exposed-files', result: 'git' })),
    );
    expect(fs[2].items).toContain('DJCP3.CE.IP.VULNERABILITY_PATCHING');
  });

  it('SARIF from a tool we know counts under that tool; from any other tool it is kept, under sarif', async () => {
    const known = await importFile('sarif', join(FIX, 'generic.sarif'));
    expect(known.record.tool).toBe('slither');
    expect(known.findings.map((f) => [f.checkId, f.result])).toEqual([['import.slither', 'reentrancy-eth']]);
    const dir = mkdtempSync(join(tmpdir(), 'ca-sarif-'));
    const other = JSON.parse(readFileSync(join(FIX, 'generic.sarif'), 'utf8'));
    other.runs[0].tool.driver.name = 'CodeQL';
    other.runs[0].invocations = [
      {
        executionSuccessful: false,
        toolExecutionNotifications: [{ level: 'error', message: { text: 'out of memory' } }],
      },
    ];
    writeFileSync(join(dir, 'codeql.sarif'), JSON.stringify(other));
    const generic = await importFile('sarif', join(dir, 'codeql.sarif'));
    expect(generic.findings.map((f) => [f.checkId, f.result, f.status])).toEqual([
      ['import.sarif', 'codeql-0-1-reentrancy-eth', 'fail'],
      ['import.sarif', 'codeql-execution', 'error'],
    ]);
    expect(generic.findings[0].severity).toBe('high');
  });

  it('fingerprints are stable: the same file twice gives the same findings', async () => {
    const a = await importFile('slither', join(FIX, 'slither.json'));
    const b = await importFile('slither', join(FIX, 'slither.json'));
    expect(a.findings.map((f) => f.fingerprint)).toEqual(b.findings.map((f) => f.fingerprint));
    expect(a.record.sha256).toBe(b.record.sha256);
    expect(new Set(a.findings.map((f) => f.fingerprint)).size).toBe(a.findings.length);
  });
});

describe('importers refuse what is not what it claims, naming the file', () => {
  const files = [
    'slither.json',
    'mythril.json',
    'aderyn.json',
    'trivy-fs.json',
    'gitleaks.json',
    'kube-bench.json',
    'semgrep.json',
    'prowler-ocsf.json',
    'testssl-flat.json',
    'nuclei.jsonl',
    'generic.sarif',
  ];
  const own: Record<string, string[]> = {
    slither: ['slither.json'],
    mythril: ['mythril.json'],
    aderyn: ['aderyn.json'],
    trivy: ['trivy-fs.json'],
    gitleaks: ['gitleaks.json'],
    'kube-bench': ['kube-bench.json'],
    semgrep: ['semgrep.json'],
    prowler: ['prowler-ocsf.json'],
    testssl: ['testssl-flat.json'],
    nuclei: ['nuclei.jsonl'],
    sarif: ['generic.sarif'],
  };
  for (const importer of IMPORTERS) {
    it(`${importer.tool}: every other tool's report is refused with a clear error`, async () => {
      for (const file of files.filter((f) => !own[importer.tool].includes(f))) {
        const err = await importFile(importer.tool, join(FIX, file)).then(
          () => undefined,
          (e: Error) => e,
        );
        expect(err, `${importer.tool} accepted ${file}`).toBeInstanceOf(Error);
        expect(err!.name).toBe('InputError');
        expect(err!.message).toContain(file);
        expect(err!.message).toContain(`not ${importer.describes}`);
      }
    });
  }

  it('hostile input: not JSON, truncated, a folder, a FIFO-like path, oversized', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ca-bad-'));
    writeFileSync(join(dir, 'pdf.json'), '%PDF-1.7 not json');
    writeFileSync(join(dir, 'cut.json'), '{"success": true, "results": {"detectors": [{"check": "x"');
    writeFileSync(join(dir, 'empty.json'), '');
    for (const [file, re] of [
      ['pdf.json', /not valid JSON at byte 0/],
      ['cut.json', /ends inside|ends before/],
      ['empty.json', /empty/],
    ] as const) {
      await expect(importFile('slither', join(dir, file))).rejects.toThrow(re);
    }
    await expect(importFile('slither', dir)).rejects.toThrow(/folder/);
    await expect(importFile('slither', join(dir, 'missing.json'))).rejects.toThrow(/missing\.json/);
    await expect(importFile('slither', '/dev/zero')).rejects.toThrow(/not a regular file/);
    await expect(
      importFile('slither', join(FIX, 'slither.json'), { limits: { maxFileBytes: 100, maxValueBytes: 1000 } }),
    ).rejects.toThrow(/larger than the 100-byte limit/);
    await expect(
      importFile('slither', join(FIX, 'slither.json'), { limits: { maxFileBytes: 1 << 20, maxValueBytes: 200 } }),
    ).rejects.toThrow(/single value is larger than the 200-byte limit/);
    await expect(importFile('nosuchtool', join(FIX, 'slither.json'))).rejects.toThrow(
      /unknown import format "nosuchtool"/,
    );
  });
});
