import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { runKam } from '../support/cli.ts';
import { mongoUri, uniqueName } from '../support/store.ts';

const fixture = (name: string) => path.resolve(import.meta.dirname, '../fixtures', name);

describe('kam import and kam export', () => {
  it('imports the CSV files, lists rejected rows on stderr, and exports JSON and CSV on stdout', { timeout: 120_000 }, async () => {
    const env = { MONGODB_URI: mongoUri(), MONGODB_DB: uniqueName('t_ops_cli') };

    const users = await runKam(['import', 'users', fixture('users.csv')], { env });
    expect(users.code, users.stderr).toBe(0);
    expect(users.stderr).toContain('users.csv: imported 4, updated 0, unchanged 0, rejected 0');
    expect(users.stdout).toBe('');

    const customers = await runKam(['import', 'customers', fixture('customers-bad.csv')], { env });
    expect(customers.code, customers.stderr).toBe(0);
    expect(customers.stderr).toContain('customers-bad.csv: imported 2, updated 0, unchanged 0, rejected 5');
    expect(customers.stderr).toContain('  line 6: 年销售额: "-5000": must be zero or more');

    const csv = await runKam(['export', 'customers', '--format', 'csv'], { env });
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.startsWith('\uFEFFid,name,aliases,owner')).toBe(true);
    const rows = parse(csv.stdout, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => [r['name'], r['owner'], r['industry']])).toEqual([
      ['多行备注有限公司', 'zhang@example.com', '通信\n设备'],
      ['顺丰控股股份有限公司', 'li@example.com', '物流'],
    ]);

    const json = await runKam(['export', 'users'], { env });
    expect(json.code, json.stderr).toBe(0);
    const exported = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    expect(exported.map((u) => u['consoleId']).sort()).toEqual(['chen', 'li', 'wang', 'zhang']);
  });

  it('exits 1 when the file cannot be imported and 2 on a usage mistake, before touching a database', { timeout: 60_000 }, async () => {
    // An unreachable database proves these fail before connecting.
    const env = { MONGODB_URI: 'mongodb://127.0.0.1:1', MONGODB_DB: uniqueName('t_ops_cli') };
    const missing = await runKam(['import', 'users', '/nonexistent/users.csv'], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('kam import: /nonexistent/users.csv: no such file');
    const wrongKind = await runKam(['import', 'users', fixture('customers.csv')], { env });
    expect(wrongKind.code).toBe(1);
    expect(wrongKind.stderr).toMatch(/unknown columns "客户名称", "别名"/);
    const unknownKind = await runKam(['import', 'contracts', fixture('customers.csv')], { env });
    expect(unknownKind.code).toBe(2);
    expect(unknownKind.stderr).toContain('kam import needs users|customers|receivables');
    const badFormat = await runKam(['export', 'visits', '--format', 'xml'], { env });
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('--format must be json or csv');
  });
});
