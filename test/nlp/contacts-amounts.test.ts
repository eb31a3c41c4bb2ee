import { describe, expect, it } from 'vitest';
import { findAmounts, findContacts } from '../../src/nlp/index.ts';

const names = (text: string) => findContacts(text).map((c) => c.name);

describe('contacts', () => {
  it('reads Chinese surname + title, keeping the title characters', () => {
    const cases: Array<[string, string, string]> = [
      ['见了张总', '张总', '总'], ['和李经理聊', '李经理', '经理'], ['王主任说', '王主任', '主任'], ['陈工在', '陈工', '工'],
      ['赵处长批了', '赵处长', '处长'], ['刘董同意', '刘董', '董'], ['孙总监参加', '孙总监', '总监'], ['周部长来电', '周部长', '部长'],
      ['吴科长说', '吴科长', '科长'], ['郑主管反馈', '郑主管', '主管'], ['钱老师介绍', '钱老师', '老师'], ['冯秘书安排', '冯秘书', '秘书'],
      ['高总工参加', '高总工', '总工'], ['张伟经理说', '张伟经理', '经理'], ['欧阳总支持', '欧阳总', '总'], ['黄总经理在', '黄总经理', '总经理'],
    ];
    for (const [text, name, title] of cases) expect(findContacts(text), text).toMatchObject([{ name, title }]);
  });

  it('ignores words that merely contain title characters', () => {
    for (const t of ['总部在深圳', '做了总结', '职业经理人', '项目经理说', '施工进度', '客户经理跟进', '区域经理', '高级经理', '员工培训', '总共三家']) {
      expect(names(t), t).toEqual([]);
    }
  });

  it('does not read a blocked span (the customer) into a name', () => {
    expect(findContacts('华为张总', [{ start: 0, end: 2 }]).map((c) => c.name)).toEqual(['张总']);
    expect(findContacts('京东方总经理', [{ start: 0, end: 3 }])).toEqual([]);
  });

  it('reads English honorifics, titles and objects of met/called', () => {
    expect(findContacts('Called Ms. Li and Mr. Wang')).toMatchObject([{ name: 'Ms. Li', title: null }, { name: 'Mr. Wang', title: null }]);
    expect(findContacts('Dr. Chen wants a demo')).toMatchObject([{ name: 'Dr. Chen', title: 'Dr.' }]);
    expect(findContacts('Met John Smith (CTO) today')).toMatchObject([{ name: 'John Smith', title: 'CTO' }]);
    expect(findContacts('Spoke to John Smith, CTO, about it')).toMatchObject([{ name: 'John Smith', title: 'CTO' }]);
    expect(findContacts('met Sarah from procurement')).toMatchObject([{ name: 'Sarah', title: null }]);
    expect(findContacts("Gree's CFO Linda Wu agreed")).toMatchObject([{ name: 'Linda Wu', title: 'CFO' }]);
    expect(names('Met Mr. Liu (Purchasing Manager)')).toEqual(['Mr. Liu']);
    expect(findContacts('Met Mr. Liu (Purchasing Manager)')[0]?.title).toBe('Purchasing Manager');
  });

  it('does not take days, companies before a title or sentence starts as people', () => {
    expect(names('Met on Monday, Zoom call later')).toEqual([]);
    expect(names('Dinner with Acme Robotics CEO Tom Baker')).toEqual(['Tom Baker']);
  });

  it('deduplicates', () => {
    expect(names('张总说可以，张总还说下周再谈')).toEqual(['张总']);
    expect(names('Met Ms. Li. Ms. Li agreed')).toEqual(['Ms. Li']);
  });
});

describe('amounts', () => {
  const one = (t: string, cur?: string) => {
    const a = findAmounts(t, cur)[0];
    return a ? { value: a.value, currency: a.currency, text: a.text } : null;
  };

  it('reads Chinese and English money forms', () => {
    expect(one('预算120万')).toEqual({ value: 1_200_000, currency: 'CNY', text: '120万' });
    expect(one('规模1.5亿')).toEqual({ value: 150_000_000, currency: 'CNY', text: '1.5亿' });
    expect(one('30万元的合同')).toEqual({ value: 300_000, currency: 'CNY', text: '30万元' });
    expect(one('大概5千')).toEqual({ value: 5000, currency: 'CNY', text: '5千' });
    expect(one('二十万的试点')?.value).toBe(200_000);
    expect(one('discussed 50k pilot')).toEqual({ value: 50_000, currency: 'CNY', text: '50k' });
    expect(one('discussed 50k pilot', 'EUR')?.currency).toBe('EUR');
    expect(one('about 1.2m')?.value).toBe(1_200_000);
    expect(one('金额¥30,000')).toEqual({ value: 30_000, currency: 'CNY', text: '¥30,000' });
    expect(one('金额￥30,000')?.currency).toBe('CNY');
    expect(one('RMB 30000 deal')).toEqual({ value: 30_000, currency: 'CNY', text: 'RMB 30000' });
    expect(one('收到30000元')).toEqual({ value: 30_000, currency: 'CNY', text: '30000元' });
    expect(one('a $20k pilot')).toEqual({ value: 20_000, currency: 'USD', text: '$20k' });
    expect(one('USD 5,000 trial')).toEqual({ value: 5000, currency: 'USD', text: 'USD 5,000' });
    expect(one('€3k budget')).toEqual({ value: 3000, currency: 'EUR', text: '€3k' });
    expect(one('3万美元')).toEqual({ value: 30_000, currency: 'USD', text: '3万美元' });
    expect(one('RMB 50 million')?.value).toBe(50_000_000);
  });

  it('ignores counts, percentages, distances and phone numbers', () => {
    for (const t of ['3天后回访', '采购500台', '5万台设备', '降价5%', '距离5km', '电话13800138000', '2个月', '千万别忘了', '3块屏幕', '50kg']) {
      expect(findAmounts(t), t).toEqual([]);
    }
  });
});
