import { describe, expect, it } from 'vitest';
import en from '../../src/locales/en/index.ts';
import zhCN from '../../src/locales/zh-CN/index.ts';

function keys(obj: unknown, prefix = ''): string[] {
  if (Array.isArray(obj) || typeof obj !== 'object' || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function placeholders(obj: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof obj === 'string') out.set(prefix, [...obj.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort().join(','));
  else if (typeof obj === 'object' && obj !== null && !Array.isArray(obj))
    for (const [k, v] of Object.entries(obj)) for (const [kk, vv] of placeholders(v, prefix ? `${prefix}.${k}` : k)) out.set(kk, vv);
  return out;
}

describe('message catalogues', () => {
  it('have the same keys in Chinese and English', () => {
    expect(keys(zhCN).sort()).toEqual(keys(en).sort());
  });

  it('use the same placeholders in both languages', () => {
    const zh = placeholders(zhCN);
    for (const [key, names] of placeholders(en)) expect([key, zh.get(key)]).toEqual([key, names]);
  });

  it('really translate: no Chinese message is the English one', () => {
    const zh = placeholders(zhCN);
    const same = [...placeholders(en).keys()].filter((k) => {
      const a = k.split('.').reduce<any>((o, p) => o?.[p], en);
      const b = k.split('.').reduce<any>((o, p) => o?.[p], zhCN);
      const words = String(a).replace(/\{\{\w+\}\}/g, '');
      return zh.has(k) && a === b && /[a-z]{4,}/i.test(words) && !/^[\s/|<>[\]\w.-]+$/.test(words);
    });
    expect(same).toEqual([]);
  });
});
