import { describe, expect, it } from 'vitest';
import { buildCustomerIndex, companyCore, matchCustomer, type CustomerCandidate } from '../../src/nlp/index.ts';
import { CUSTOMERS } from './visit-notes.table.ts';

const idOf = (r: ReturnType<typeof matchCustomer>) => (r.status === 'matched' ? r.id : r.status);

describe('companyCore', () => {
  it('strips legal and industry suffixes and leading cities', () => {
    expect(companyCore('华为技术有限公司')).toBe('华为');
    expect(companyCore('宁德时代新能源科技股份有限公司')).toBe('宁德时代');
    expect(companyCore('京东方科技集团')).toBe('京东方');
    expect(companyCore('深圳市腾讯计算机系统有限公司')).toBe('腾讯计算机系统');
    expect(companyCore('Lenovo Group Ltd.')).toBe('lenovo');
    expect(companyCore('Acme Robotics Co., Ltd.')).toBe('acme robotics');
  });
});

describe('matchCustomer', () => {
  const index = buildCustomerIndex(CUSTOMERS);

  it('matches names, aliases and short forms, case-insensitively', () => {
    expect(idOf(matchCustomer('华为', CUSTOMERS))).toBe('huawei');
    expect(idOf(matchCustomer('华为技术', index))).toBe('huawei');
    expect(idOf(matchCustomer('catl', index))).toBe('catl');
    expect(idOf(matchCustomer('CATL', index))).toBe('catl');
    expect(idOf(matchCustomer('招行', index))).toBe('cmb');
    expect(idOf(matchCustomer('cmb', index))).toBe('cmb');
    expect(idOf(matchCustomer('Huawei Technologies Co., Ltd.', index))).toBe('huawei');
    expect(idOf(matchCustomer('格力电器股份有限公司', index))).toBe('gree');
    // A leading fragment of a single customer's name, and a substring of it.
    expect(idOf(matchCustomer('宁德', index))).toBe('catl');
    expect(idOf(matchCustomer('时代', index))).toBe('catl');
  });

  it('finds the customer inside a sentence; the longest match wins', () => {
    const r = matchCustomer('今天拜访华润万家的陆经理', index);
    expect(r).toMatchObject({ status: 'matched', id: 'crv', matchedText: '华润万家' });
  });

  it('is ambiguous when several customers fit equally', () => {
    const r = matchCustomer('华润', index);
    expect(r.status).toBe('ambiguous');
    if (r.status === 'ambiguous') {
      expect(r.candidates.map((c) => c.id).sort()).toEqual(['crland', 'crv']);
      expect(r.mention).toBe('华润');
    }
    expect(matchCustomer('去了华为和腾讯', index).status).toBe('ambiguous');
  });

  it('is unknown for other companies, with the closest candidates', () => {
    const r = matchCustomer('华为海洋', [{ id: 'x', name: '华海药业', aliases: [] }, { id: 'y', name: '中国石化', aliases: [] }]);
    expect(r.status).toBe('unknown');
    if (r.status === 'unknown') {
      expect(r.mention).toBe('华为海洋');
      expect(r.candidates[0]?.id).toBe('x');
      expect(r.candidates.length).toBeLessThanOrEqual(3);
    }
    const none = matchCustomer('', index);
    expect(none).toEqual({ status: 'unknown', mention: null, candidates: [] });
  });

  it('does not match a short Latin alias inside a longer word', () => {
    expect(matchCustomer('cmbx systems', index).status).toBe('unknown');
  });

  it('survives malformed candidates', () => {
    const bad = [{ id: 1, name: null, aliases: null }, { id: 'ok', name: '顺丰速运', aliases: ['顺丰'] }] as unknown as CustomerCandidate[];
    expect(idOf(matchCustomer('顺丰', bad))).toBe('ok');
  });

  it('is fast with 5,000 customers', () => {
    const many: CustomerCandidate[] = [];
    const syll = '安宝诚达鼎丰恒华佳嘉金锦景凯康蓝力联隆美明宁鹏启瑞尚盛泰天通伟文祥欣鑫信兴旭亚耀易永宇远跃泽振正志中卓';
    for (let i = 0; i < 5000; i++) {
      const a = syll[i % syll.length]!;
      const b = syll[Math.floor(i / syll.length) % syll.length]!;
      const c = syll[Math.floor(i / (syll.length * syll.length)) % syll.length]!;
      many.push({ id: `c${i}`, name: `${a}${b}${c}科技有限公司`, aliases: [`Cust${i}`] });
    }
    many.push(...CUSTOMERS);
    const t0 = performance.now();
    const index5k = buildCustomerIndex(many);
    const built = performance.now() - t0;
    const t1 = performance.now();
    for (let i = 0; i < 200; i++) {
      expect(idOf(matchCustomer(`今天拜访宁德时代的曹经理，聊了第${i}期`, index5k))).toBe('catl');
    }
    const perMatch = (performance.now() - t1) / 200;
    expect(idOf(matchCustomer('cust4321', index5k))).toBe('c4321');
    expect(built).toBeLessThan(2000);
    expect(perMatch).toBeLessThan(20);
  });
});

describe('customer list passed as an array', () => {
  it('notices edits to the same array between calls', () => {
    const list: CustomerCandidate[] = [{ id: 'a', name: '顺丰速运', aliases: [] }];
    expect(idOf(matchCustomer('拜访京东', list))).toBe('unknown');
    list.push({ id: 'jd', name: '京东集团', aliases: ['京东'] });
    expect(idOf(matchCustomer('拜访京东', list))).toBe('jd');
  });
});
