import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderReport } from '../../src/report/write.js';
import type { Finding } from '../../src/model.js';
import { assessRun, finding, item, runOf, testCatalog } from '../support/fixtures.js';

const HOSTILE = '<img src=x onerror=alert(1)>';
const catalog = testCatalog([item('DJCP.P2P.A', 'high'), item('DJCP.P2P.B', 'medium', ['CP.DATA_INTEGRITY'])]);

function hostileAssessment() {
  const version: Finding = {
    ...finding('evm.rpc.client-version', 'fail', 'low', ['DJCP.P2P.A']),
    message: `node discloses its client version: ${HOSTILE}`,
    evidence: [{ label: 'web3_clientVersion', value: `"${HOSTILE}</pre><script>alert(2)</script>"` }],
    title: `Client version ${HOSTILE}`,
  };
  const located: Finding = {
    ...finding('contracts.reentrancy', 'fail', 'high', ['DJCP.P2P.B'], 'contracts', 'Vault.sol:17'),
    locations: [{ file: '/repo/contracts/Vault.sol', line: 17, endLine: 19, column: 5 }],
  };
  const run = runOf([version, located, finding('evm.rpc.cors', 'pass', 'high', ['DJCP.P2P.A'])]);
  run.scopeName = `scope ${HOSTILE}`;
  run.targets = [{ id: `node-${HOSTILE}`, kind: 'evm-node', name: HOSTILE }];
  return assessRun(run, catalog);
}

describe('report.json', () => {
  it('validates against the documented schema', () => {
    const schema = JSON.parse(readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const doc = JSON.parse(renderReport(hostileAssessment(), 'json', { lang: 'en' }));
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc).toMatchObject({ schemaVersion: '2.0.0', run: { id: 'run-1' }, band: expect.any(String) });
    expect(doc.items[0]).toHaveProperty('verdict');
    expect(doc.findings[0]).toEqual(
      expect.objectContaining({ checkId: expect.any(String), evidence: expect.any(Array) }),
    );
  });

  it('is rejected by the schema when a required field is missing', () => {
    const schema = JSON.parse(readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8'));
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    const doc = JSON.parse(renderReport(hostileAssessment(), 'json', { lang: 'en' }));
    delete doc.findings[0].status;
    expect(ajv.validate(schema, doc)).toBe(false);
  });
});

describe('SARIF', () => {
  it('validates against the SARIF 2.1.0 schema and carries locations and fingerprints', () => {
    const schema = JSON.parse(readFileSync(new URL('./sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
    const ajv = new AjvDraft04({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const sarif = JSON.parse(renderReport(hostileAssessment(), 'sarif', { lang: 'en' }));
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const results = sarif.runs[0].results;
    expect(results).toHaveLength(2);
    const located = results.find((r: { ruleId: string }) => r.ruleId === 'contracts.reentrancy');
    expect(located.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'contracts/Vault.sol', uriBaseId: 'SCOPEROOT' },
      region: { startLine: 17, endLine: 19, startColumn: 5 },
    });
    expect(sarif.runs[0].originalUriBaseIds.SCOPEROOT.uri).toBe('file:///repo/');
    const unlocated = results.find((r: { ruleId: string }) => r.ruleId === 'evm.rpc.client-version');
    expect(unlocated.locations[0].physicalLocation.artifactLocation).toEqual({
      uri: 'scope.yaml',
      uriBaseId: 'SCOPEROOT',
    });
    expect(located.partialFingerprints['chainaudit/v1']).toMatch(/^[0-9a-f]{16}$/);
    expect(located.level).toBe('error');
  });
});

describe('HTML report', () => {
  const html = renderHtml(hostileAssessment(), 'en');
  it('contains hostile target strings only escaped', () => {
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;/pre&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
  });
  it('is self-contained: no scripts, no external fetches', () => {
    expect(html).not.toMatch(/<script|<link|<img|src=["']?https?:|url\(/i);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('<svg');
  });
  it('renders in Chinese', () => {
    const zh = renderHtml(hostileAssessment(), 'zh');
    expect(zh).toContain('控制点');
    expect(zh).toContain('<html lang="zh-CN">');
  });
});

describe('Markdown report', () => {
  it('keeps tables intact and neutralises markup from targets', () => {
    const md = renderMarkdown(hostileAssessment(), 'zh');
    expect(md).not.toContain(HOSTILE);
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(md).toContain('实施');
  });
});

describe('every report', () => {
  const unsorted = () => {
    const run = runOf([
      finding('evm.rpc.version', 'fail', 'low', ['DJCP.P2P.A']),
      finding('evm.rpc.sync', 'warn', 'medium', ['DJCP.P2P.B']),
      finding('evm.rpc.cors', 'fail', 'critical', ['DJCP.P2P.A'], 't1', 'c'),
      finding('evm.rpc.peers', 'error', 'high', ['DJCP.P2P.B']),
    ]);
    return assessRun(run, catalog);
  };
  const order = ['evm.rpc.cors', 'evm.rpc.peers', 'evm.rpc.sync', 'evm.rpc.version'];

  it('lists findings worst severity first: JSON, SARIF, Markdown and HTML', () => {
    const a = unsorted();
    expect(a.findings.map((f) => f.checkId)).not.toEqual(order);
    const json = JSON.parse(renderReport(a, 'json', { lang: 'en' }));
    expect(json.findings.map((f: { checkId: string }) => f.checkId)).toEqual(order);
    const sarif = JSON.parse(renderReport(a, 'sarif', { lang: 'en' }));
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual(
      order.filter((c) => c !== 'evm.rpc.peers'),
    );
    const md = renderMarkdown(a, 'en').split('## Findings')[1];
    const html = renderHtml(a, 'en').split('Appendix: findings and evidence</h2>')[1];
    for (const text of [md, html]) {
      const at = order.map((c) => text.indexOf(c));
      expect(at.every((p) => p >= 0)).toBe(true);
      expect([...at].sort((x, y) => x - y)).toEqual(at);
    }
  });

  it('carries the coverage block: Markdown, HTML, JSON and SARIF, complete or not', () => {
    const incomplete = unsorted();
    const complete = assessRun(runOf([finding('evm.rpc.cors', 'pass', 'high', ['DJCP.P2P.A'])]), catalog);
    expect(incomplete.coverage.complete).toBe(false);
    expect(complete.coverage.complete).toBe(true);
    for (const [a, headline] of [
      [incomplete, 'Incomplete run'],
      [complete, 'Complete run'],
    ] as const) {
      expect(renderMarkdown(a, 'en')).toContain(headline);
      expect(renderMarkdown(a, 'en')).toContain('## Coverage');
      expect(renderHtml(a, 'en')).toContain(headline);
      expect(JSON.parse(renderReport(a, 'json', { lang: 'en' })).coverage.complete).toBe(a.coverage.complete);
      const inv = JSON.parse(renderReport(a, 'sarif', { lang: 'en' })).runs[0].invocations[0];
      expect(inv.executionSuccessful).toBe(a.coverage.complete);
      const coverage = inv.toolExecutionNotifications.filter(
        (n: { descriptor: { id: string } }) => n.descriptor.id === 'coverage',
      );
      expect(coverage[0].message.text).toContain(headline);
      expect(coverage[0].message.text).toMatch(/Targets reached: 1\/1/);
    }
    expect(renderMarkdown(incomplete, 'en')).toContain('1 check run(s) ended in an error');
    expect(renderMarkdown(incomplete, 'zh')).toContain('1 项检查运行出错');
  });

  it('has no empty section, even when nothing failed', () => {
    const quiet = assessRun(runOf([finding('evm.rpc.cors', 'pass', 'high', ['DJCP.P2P.A'])]), catalog);
    for (const lang of ['en', 'zh'] as const) {
      const lines = renderMarkdown(quiet, lang).split('\n');
      lines.forEach((line, i) => {
        const level = /^(#+) /.exec(line)?.[1].length;
        if (!level) return;
        const next = lines.slice(i + 1).find((l) => l.trim());
        const nextLevel = next ? /^(#+) /.exec(next)?.[1].length : 0;
        expect(next !== undefined && (!nextLevel || nextLevel > level), `${lang}: "${line}" is empty`).toBe(true);
      });
      const html = renderHtml(quiet, lang);
      expect(html).not.toMatch(/<h2>[^<]*<\/h2>\s*(<h2|<\/main>)/);
    }
  });
});
