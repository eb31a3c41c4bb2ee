import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildCustomerIndex, parseVisitNote, type ParseContext } from '../../src/nlp/index.ts';
import { CUSTOMERS } from './visit-notes.table.ts';

// Sun 2026-11-22 10:00 in Shanghai (Nov 2026 starts on a Sunday).
const ctx: ParseContext = { now: new Date('2026-11-22T02:00:00Z'), timeZone: 'Asia/Shanghai', customers: CUSTOMERS };
const parse = (text: string, over: Partial<ParseContext> = {}) => parseVisitNote(text, { ...ctx, ...over });
const codes = (text: string, over: Partial<ParseContext> = {}) => parse(text, over).problems.map((p) => p.code);

afterEach(() => {
  vi.useRealTimers();
});

describe('parseVisitNote: the two examples', () => {
  it('Chinese', () => {
    expect(parse('今天拜访华为张总，谈续约，下周三回访')).toEqual({
      customer: { status: 'matched', id: 'huawei', name: '华为技术有限公司', matchedText: '华为' },
      contacts: [{ name: '张总', title: '总' }],
      visitedAt: { date: '2026-11-22', explicit: true, text: '今天' },
      channel: { value: 'onsite', explicit: true },
      nextFollowUp: { date: '2026-11-25', text: '下周三' },
      amount: null,
      summary: '谈续约',
      problems: [],
    });
  });

  it('English', () => {
    expect(parse('Met John Smith (CTO) at CATL yesterday, discussed 50k pilot, follow up in 2 weeks')).toEqual({
      customer: { status: 'matched', id: 'catl', name: '宁德时代新能源科技股份有限公司', matchedText: 'CATL' },
      contacts: [{ name: 'John Smith', title: 'CTO' }],
      visitedAt: { date: '2026-11-21', explicit: true, text: 'yesterday' },
      channel: { value: 'onsite', explicit: true },
      nextFollowUp: { date: '2026-12-06', text: 'in 2 weeks' },
      amount: { value: 50_000, currency: 'CNY', text: '50k' },
      summary: 'discussed 50k pilot',
      problems: [],
    });
  });
});

describe('which date is which', () => {
  it('a bare weekday is the last one for the visit and the next one for the follow-up', () => {
    const r = parse('周三拜访华为，周五回访');
    expect(r.visitedAt.date).toBe('2026-11-18');
    expect(r.nextFollowUp?.date).toBe('2026-11-27');
  });

  it('a month-day without year: past for the visit, future for the follow-up', () => {
    const r = parse('11月20日拜访比亚迪，11月20日的会议纪要已发，12月1日跟进');
    expect(r.visitedAt.date).toBe('2026-11-20');
    expect(r.nextFollowUp?.date).toBe('2026-12-01');
  });

  it('tasks with dates are follow-ups; the soonest one is next', () => {
    expect(parse('拜访格力，3天后发方案').nextFollowUp?.date).toBe('2026-11-25');
    expect(parse('拜访格力，月底前跟进，下周一送样').nextFollowUp?.date).toBe('2026-11-23');
    expect(parse('Visited BYD. Next step: send proposal by Dec 5').nextFollowUp?.date).toBe('2026-12-05');
    expect(parse('约了下周四上门').nextFollowUp?.date).toBe('2026-11-26');
  });

  it('a completed callback is the visit, not a follow-up', () => {
    const r = parse('今天电话回访了华为张总');
    expect(r.nextFollowUp).toBeNull();
    expect(r.channel).toEqual({ value: 'phone', explicit: true });
  });

  it('no date means today, not explicit', () => {
    expect(parse('拜访华为').visitedAt).toEqual({ date: '2026-11-22', explicit: false, text: null });
  });
});

describe('problems', () => {
  it('date.future for a visit after today (the date is still returned)', () => {
    const r = parse('明天拜访比亚迪');
    expect(r.visitedAt.date).toBe('2026-11-23');
    expect(r.problems).toContainEqual({ code: 'date.future', text: '明天' });
  });

  it('followup.past when the follow-up is not after the visit', () => {
    expect(codes('下周五去华为，下周三回访')).toContain('followup.past');
    expect(codes('周日拜访华为，11月22日跟进')).toContain('followup.past');
    expect(codes('今天拜访华为，下周三回访')).not.toContain('followup.past');
  });

  it('date.impossible, never a shifted date', () => {
    const r = parse('2月30日拜访华为');
    expect(r.problems).toContainEqual({ code: 'date.impossible', text: '2月30日' });
    expect(r.visitedAt).toEqual({ date: '2026-11-22', explicit: false, text: '2月30日' });
    const f = parse('拜访华为，2026-13-01回访');
    expect(f.nextFollowUp).toBeNull();
    expect(f.problems.map((p) => p.code)).toContain('date.impossible');
  });

  it('date.unparseable for a follow-up without a date', () => {
    const r = parse('拜访华为，过几天再联系');
    expect(r.nextFollowUp).toBeNull();
    expect(r.problems).toContainEqual({ code: 'date.unparseable', text: '过几天' });
  });
});

describe('channel', () => {
  it('takes the medium over the visit verb', () => {
    expect(parse('电话拜访比亚迪').channel.value).toBe('phone');
    expect(parse('Met John on Zoom, CATL').channel.value).toBe('video');
    expect(parse('视频会议：美的').channel.value).toBe('video');
    expect(parse('微信跟格力沟通').channel.value).toBe('message');
    expect(parse('Emailed Lenovo the deck').channel.value).toBe('message');
  });

  it('ignores channel words of the follow-up', () => {
    expect(parse('拜访华为，下周三电话回访').channel).toEqual({ value: 'onsite', explicit: true });
    expect(parse('Visited BYD, call back Friday').channel.value).toBe('onsite');
    expect(parse('Met Mr. Wang at BYD and will follow up by phone next week').channel.value).toBe('onsite');
    expect(parse('谈了续约，下周三电话回访').channel).toEqual({ value: 'onsite', explicit: false });
  });

  it('a whole-note 电话回访 is a phone contact', () => {
    expect(parse('电话回访顺丰郑主管').channel).toEqual({ value: 'phone', explicit: true });
  });

  it('defaults to onsite, not explicit', () => {
    expect(parse('华为张总，谈续约').channel).toEqual({ value: 'onsite', explicit: false });
  });

  it('腾讯会议 is a channel, not the customer Tencent', () => {
    const r = parse('用腾讯会议和华为开会');
    expect(r.channel.value).toBe('video');
    expect(r.customer).toMatchObject({ status: 'matched', id: 'huawei' });
  });
});

describe('customer in notes', () => {
  it('unknown company: a mention and close candidates', () => {
    const r = parse('拜访阿里巴巴张总，谈云服务');
    expect(r.customer).toMatchObject({ status: 'unknown', mention: '阿里巴巴' });
    expect(r.contacts.map((c) => c.name)).toEqual(['张总']);
    const e = parse('Visited Acme Corp today');
    expect(e.customer).toMatchObject({ status: 'unknown', mention: 'Acme Corp' });
  });

  it('ambiguous short form', () => {
    const r = parse('拜访华润，对方采购很积极');
    expect(r.customer.status).toBe('ambiguous');
  });

  it('accepts a prebuilt index', () => {
    const r = parse('拜访catl', { customers: buildCustomerIndex(CUSTOMERS) });
    expect(r.customer).toMatchObject({ status: 'matched', id: 'catl', matchedText: 'catl' });
  });
});

describe('summary', () => {
  it('drops captured date fragments, the leading visit verb and an opening clause of only who and where', () => {
    expect(parse('昨天拜访比亚迪王经理，谈了续约和价格，月底前发报价').summary).toBe('谈了续约和价格，发报价');
    expect(parse('Visited Tencent on Wednesday, discussed renewal').summary).toBe('discussed renewal');
    // An opening clause with business content stays whole.
    expect(parse('拜访比亚迪王经理谈续约，月底前发报价').summary).toBe('比亚迪王经理谈续约，发报价');
  });

  it('is never empty for a note with content', () => {
    expect(parse('今天').summary).toBe('今天');
    expect(parse('拜访').summary).toBe('拜访');
    expect(parse('   ').summary).toBe('');
  });
});

describe('input hygiene', () => {
  const weird: unknown[] = [
    '', '   ', '😀😀😀 拜访华为 🎉', '<script>alert("x")</script>', '{"$gt": ""}', '\u0000\u0001\ud800', '月底前前前前', '下下下下周三',
    'a'.repeat(10_000), '华为'.repeat(5000), '1.1.1.1.1.1', '$$$$ ¥¥¥ 万万万', null, undefined, 12345, { toString: () => 'x' },
  ];

  it('never throws and always returns a complete result', () => {
    for (const input of weird) {
      const r = parseVisitNote(input as string, ctx);
      expect(r.visitedAt.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(['onsite', 'phone', 'video', 'message']).toContain(r.channel.value);
      expect(Array.isArray(r.problems)).toBe(true);
    }
  });

  it('reports a bad clock or zone instead of throwing', () => {
    expect(codes('拜访华为', { timeZone: 'Not/AZone' })).toContain('timezone.invalid');
    expect(codes('拜访华为', { now: new Date('garbage') })).toContain('clock.invalid');
    expect(codes('')).toContain('note.empty');
  });

  it('stays fast on long notes', () => {
    const chunk = '今天拜访华为张总，谈续约，预算120万，下周三回访。Met John Smith (CTO) at CATL yesterday, follow up in 2 weeks. ';
    const long = chunk.repeat(Math.ceil(10_000 / chunk.length)).slice(0, 10_000);
    const t0 = performance.now();
    const r = parseVisitNote(long, ctx);
    const ms = performance.now() - t0;
    expect(r.customer.status).not.toBe('unknown');
    expect(ms).toBeLessThan(1500);
  });

  it('uses the injected clock, not the system clock', () => {
    vi.useFakeTimers({ now: new Date('1999-03-03T12:00:00Z') });
    const r = parse('昨天拜访华为，下周三回访');
    expect(r.visitedAt.date).toBe('2026-11-21');
    expect(r.nextFollowUp?.date).toBe('2026-11-25');
  });
});
