import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assess, type Assessment } from '../../src/assess/assess.js';
import { registry } from '../../src/checks/index.js';
import { loadFrameworks } from '../../src/cli/frameworks.js';
import { importFile } from '../../src/importers/index.js';
import { emptyRun, mergeImports } from '../../src/importers/merge.js';
import { VERDICT_ZH } from '../../src/model.js';
import { renderXlsx } from '../../src/report/xlsx.js';

const FIX = new URL('../importers/fixtures/', import.meta.url).pathname;
const fw = loadFrameworks([], ['djcp-blockchain', 'djcp-level3-computing']);

async function assessed(scope: string, files: [string, string][]): Promise<Assessment> {
  const batches = await Promise.all(files.map(([tool, file]) => importFile(tool, join(FIX, file))));
  const run = { ...mergeImports(emptyRun(scope), batches), finishedAt: '2026-01-05T10:00:00.000Z' };
  return assess(run, fw.catalog, fw.mapping, [...registry.map((c) => c.meta), ...fw.importChecks], new Map(), {
    frameworks: fw.selected,
  });
}

async function open(data: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data);
  return wb;
}

const text = (c: ExcelJS.Cell) => String(c.value ?? '');

describe('等保 evaluation workbook (xlsx)', () => {
  it('a summary sheet and one sheet per layer, read back cell by cell', async () => {
    const a = await assessed('vault-chain', [
      ['slither', 'slither.json'],
      ['kube-bench', 'kube-bench.json'],
    ]);
    const wb = await open(await renderXlsx(a, 'zh'));
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '汇总',
      '分布式对等网络',
      '分布式账本',
      '共识机制',
      '合约计算层',
      '安全计算环境',
    ]);

    const summary = wb.getWorksheet('汇总')!;
    const rows = summary.getSheetValues().filter(Boolean) as unknown[][];
    const fact = (k: string) => rows.find((r) => r[1] === k)?.[2];
    expect(fact('审计范围')).toBe('vault-chain');
    expect(fact('得分')).toBe(a.score ?? '—');
    expect(String(fact('覆盖范围'))).toContain('完整运行');
    const cpHeader = rows.findIndex((r) => r[1] === '控制点');
    expect(rows[cpHeader].slice(2, 7)).toEqual(['符合', '部分符合', '不符合', '不适用', '未测']);
    const first = a.controlPoints[0];
    const cpRow = rows.find((r) => r[1] === first.title.zh)!;
    expect(cpRow.slice(2, 7)).toEqual([
      first.verdicts.conforming,
      first.verdicts['partly-conforming'],
      first.verdicts['non-conforming'],
      first.verdicts['not-applicable'],
      first.verdicts['not-assessed'],
    ]);

    const contract = wb.getWorksheet('合约计算层')!;
    expect(contract.getRow(1).values).toEqual([
      undefined,
      '编号',
      '类别',
      '测评项',
      '实施',
      '预期效果',
      '实际测评结果说明（含证据）',
      '结果',
      '依据',
      '检查',
      '整改建议',
    ]);
    const items = a.items.filter((i) => i.framework === 'djcp-blockchain' && i.layer === 'contract');
    expect(contract.rowCount).toBe(items.length + 1);
    items.forEach((item, n) => {
      const row = contract.getRow(n + 2);
      expect(text(row.getCell(1))).toBe(item.id);
      expect(text(row.getCell(3))).toBe(item.title.zh);
      expect(text(row.getCell(4))).toBe(item.procedure.zh);
      expect(text(row.getCell(5))).toBe(item.expected.zh);
      expect(text(row.getCell(7)).startsWith(VERDICT_ZH[item.verdict])).toBe(true);
    });
    const malicious = contract.getRow(items.findIndex((i) => i.id === 'DJCP.CONTRACT.MALICIOUS_CODE') + 2);
    expect(text(malicious.getCell(7))).toMatch(/^不符合/);
    expect(text(malicious.getCell(6))).toContain('Slither reentrancy-eth');
    expect(text(malicious.getCell(6))).toContain('contracts/Vault.sol:18');
    expect(text(malicious.getCell(10)).length).toBeGreaterThan(10);
    expect(malicious.getCell(7).dataValidation.formulae?.[0]).toContain('部分符合');
    const untested = contract.getRow(items.findIndex((i) => i.verdict === 'not-assessed') + 2);
    expect(text(untested.getCell(7))).toMatch(/^未测/);

    const computing = wb.getWorksheet('安全计算环境')!;
    const values = computing.getSheetValues().filter(Boolean) as unknown[][];
    expect(
      values.some((r) =>
        String(r[6]).includes('[通过] import:kube-bench: Ensure that the kubelet service file permissions'),
      ),
    ).toBe(true);
  });

  it('the same assessment gives the same bytes; English labels in English', async () => {
    const a = await assessed('vault-chain', [['slither', 'slither.json']]);
    const one = await renderXlsx(a, 'en');
    const two = await renderXlsx(JSON.parse(JSON.stringify(a)) as Assessment, 'en');
    expect(one.equals(two)).toBe(true);
    const wb = await open(one);
    expect(wb.worksheets[0].name).toBe('Summary');
    expect(wb.worksheets[1].getRow(1).getCell(6).value).toBe('Actual result and evidence');
  });

  it('the Table-10 comparison when several runs are compared', async () => {
    const a = await assessed('chain-a', [['slither', 'slither.json']]);
    const b = await assessed('chain-b', [['aderyn', 'aderyn.json']]);
    const wb = await open(await renderXlsx(a, 'zh', { compareWith: [b] }));
    const cmp = wb.getWorksheet('对比')!;
    expect(cmp.getRow(1).values).toEqual([undefined, '层级', '类别', '测评项', 'chain-a', 'chain-b']);
    const rows = cmp.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows).toHaveLength(1 + 28 + 1);
    const malicious = a.items.find((i) => i.id === 'DJCP.CONTRACT.MALICIOUS_CODE')!;
    const row = rows.find((r) => r[3] === malicious.title.zh)!;
    expect(row[4]).toBe('✗');
    expect(rows[rows.length - 1][1]).toBe('达标个数');
  });
});
