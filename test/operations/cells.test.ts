import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { amount, customerStatus, list, parseCsvDay, role } from '../../src/operations/cells.ts';
import { readCsv, type CsvSpec } from '../../src/operations/csv-read.ts';

describe('cells as operators type them', () => {
  it('reads days in the usual spreadsheet spellings and refuses days that do not exist', () => {
    expect(['2026-11-30', '2026/11/30', '2026.11.30', '2026/1/5', '2026年11月30日', '２０２６-１１-３０'].map(parseCsvDay)).toEqual([
      '2026-11-30',
      '2026-11-30',
      '2026-11-30',
      '2026-01-05',
      '2026-11-30',
      '2026-11-30',
    ]);
    expect(['2026-02-30', '2026-13-01', '2026/11-30', '30/11/2026', 'tomorrow'].map(parseCsvDay)).toEqual([null, null, null, null, null]);
  });

  it('reads amounts with thousands separators and 万, and refuses negative or ambiguous ones', () => {
    expect(['1,200,000', '120万', '3.5万', '¥30,000.50', '0'].map((s) => amount.parse(s))).toEqual([1_200_000, 1_200_000, 35_000, 30_000.5, 0]);
    for (const bad of ['-5', '1,5', '12.345', 'abc', '1e9']) expect(amount.safeParse(bad).success, bad).toBe(false);
  });

  it('maps Chinese role and status names, and splits alias lists', () => {
    expect(['大客户专员', '大客户主管', '大客户经理', '销售总监', '营销总监', '管理员', 'Supervisor'].map((s) => role.parse(s))).toEqual([
      'rep',
      'supervisor',
      'manager',
      'director',
      'director',
      'admin',
      'supervisor',
    ]);
    expect(['潜在客户', '潜在', '活跃', '正常', '休眠', '流失'].map((s) => customerStatus.parse(s))).toEqual(['prospect', 'prospect', 'active', 'active', 'dormant', 'lost']);
    expect(list.parse('华为|Huawei、华为技术；HW|')).toEqual(['华为', 'Huawei', '华为技术', 'HW']);
  });
});

describe('reading a CSV file', () => {
  const spec: CsvSpec = { columns: { name: ['名称'], reports_to: ['上级'] }, required: ['name'] };

  it('skips the BOM and blank lines, folds headers, and numbers rows by their physical first line', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kam-csv-')), 'people.csv');
    writeFileSync(file, '\uFEFF 名称 ,Reports To\r\n张三,王芳\r\n\r\n"多行\r\n名字",\r\n李四,\r\n,,\r\n王芳');
    const rows = [];
    for await (const row of readCsv(file, spec)) rows.push({ line: row.line, cells: row.cells });
    expect(rows).toEqual([
      { line: 2, cells: { name: '张三', reports_to: '王芳' } },
      { line: 4, cells: { name: '多行\r\n名字' } },
      { line: 6, cells: { name: '李四' } },
      { line: 8, cells: { name: '王芳' } },
    ]);
  });
});
