/**
 * Which date is the next follow-up. A date is a follow-up when it is tied to a follow-up verb or
 * task (回访, 跟进, 发方案, follow up, send the proposal …) in the same clause — just before the
 * verb in Chinese ("下周三回访"), usually after it in English ("follow up in 2 weeks") — or when
 * it is a deadline ("月底前", "by Friday"). Dates that can only lie in the past never qualify, so
 * "今天回访了张总" logs a callback instead of scheduling one.
 */
import type { DateMention } from './date-mention.ts';
import { sameClause } from './text.ts';
import type { Span } from './types.ts';

const ZH_VERBS = new RegExp(
  [
    '回访', '跟进', '再联系', '复访', '再访', '再约', '再去', '再来', '再次拜访', '再拜访', '再沟通', '再谈', '再聊', '再碰',
    '再见面', '再打', '回电话', '回电', '答复', '回复', '反馈', '联系', '参观', '考察',
    '发(?:送)?(?:方案|报价单|报价|合同|资料|样品|样|ppt|标书|邮件|会议纪要|纪要|材料|清单|文档|案例|演示)', '送样', '寄样',
    '提交(?:方案|报价|标书|材料)', '出方案',
    '给(?:方案|报价|答复|回复)', '报价', '签约', '签合同', '签单', '演示', '交付', '回款', '付款', '开票', '验收', '上线', '试用',
  ].join('|'),
  'g',
);
// Dates follow these ("约了下周三上门", "计划12月1日签约"): the appointment is the next step.
const ZH_CUES = /约了|约好|约在|约|计划|安排在|安排|定在|预计|准备/g;
const EN_VERBS = new RegExp(
  [
    'follow[- ]?up', 'followup', 'call (?:them |him |her |the client |the customer )?back', 'callback', 'call-back', 'check in',
    'circle back', 'touch base', 'reconnect', 'revisit', 'next (?:visit|meeting|call|steps?|follow[- ]?up|contact|touchpoint)',
    'send', 'share (?:the |a |an |our )?(?:proposal|quote|deck|pricing)',
    'deliver', 'sign(?:ing)?', 'demo', 'meet again', 'decision', 'due', 'deadline', 'will (?:call|email|visit|meet|send|follow)',
    'schedule(?:d)? (?:a |the )?(?:meeting|visit|call|demo)', 'planned (?:a |the )?(?:meeting|visit|call|demo)',
    'get back to (?:us|me|them)', 'hear back', '(?:to be|will be|being) (?:sent|delivered|shipped|signed|confirmed|finali[sz]ed)',
  ].map((v) => `\\b${v}\\b`).join('|'),
  'g',
);
// Like 预计/计划: the date right after them is an expected next event ("PO expected end of next week").
const EN_CUES = /\b(?:expected|planned|scheduled|set for|slated for|booked for)\b/g;

interface Verb extends Span {
  lang: 'zh' | 'en';
  /** Where its date may sit: 'before' first (Chinese), 'after' first (English), or 'after' only (cues). */
  order: 'before-first' | 'after-first' | 'after-only';
}

// "约了易总面谈": an appointment phrase works like a follow-up verb ("本周三约了易总面谈").
const ZH_APPOINTMENT = /约(?:了|好)?[^，,。；;!?！？\n]{0,12}?(?:面谈|拜访|上门|见面|碰面|开会|吃饭|交流|沟通|演示)/g;

function findVerbs(lower: string): Verb[] {
  const verbs: Verb[] = [];
  for (const m of lower.matchAll(ZH_APPOINTMENT)) verbs.push({ start: m.index, end: m.index + m[0].length, lang: 'zh', order: 'before-first' });
  for (const m of lower.matchAll(ZH_VERBS)) {
    const end = m.index + m[0].length;
    // 回访了 / 联系过: it already happened; the date (if any) is the visit's.
    if (/^[了过完]/.test(lower.slice(end, end + 1))) continue;
    verbs.push({ start: m.index, end, lang: 'zh', order: 'before-first' });
  }
  for (const m of lower.matchAll(ZH_CUES)) verbs.push({ start: m.index, end: m.index + m[0].length, lang: 'zh', order: 'after-only' });
  for (const m of lower.matchAll(EN_VERBS)) verbs.push({ start: m.index, end: m.index + m[0].length, lang: 'en', order: 'after-first' });
  for (const m of lower.matchAll(EN_CUES)) verbs.push({ start: m.index, end: m.index + m[0].length, lang: 'en', order: 'after-only' });
  return verbs;
}

export interface FollowUpLink {
  mention: DateMention;
  verb: Span | null;
  /** The clause stretch that talks about the follow-up; channel words inside it are not the visit's. */
  zone: Span;
  /** A real follow-up verb (not a cue like 约了): a medium word glued before it (电话回访) is its modifier. */
  verbIsTask: boolean;
}

const canBeFuture = (m: DateMention) => m.tense === 'future' || m.tense === 'either';

function nearest(verb: Verb, mentions: readonly DateMention[], clauses: Int32Array, side: 'before' | 'after', maxGap: number): DateMention | null {
  let best: DateMention | null = null;
  let bestGap = Infinity;
  for (const m of mentions) {
    if (!canBeFuture(m)) continue;
    const gap = side === 'before' ? verb.start - m.removeEnd : m.removeStart - verb.end;
    if (gap < 0 || gap > maxGap) continue;
    if (!sameClause(clauses, side === 'before' ? m.end : verb.end, side === 'before' ? verb.start : m.start)) continue;
    if (gap < bestGap) {
      best = m;
      bestGap = gap;
    }
  }
  return best;
}

function clauseEnd(clauses: Int32Array, from: number): number {
  let i = from;
  while (i < clauses.length && clauses[i] !== -1) i++;
  return i;
}

/** Every date that reads as a follow-up, with the text zone it governs. */
export function linkFollowUps(lower: string, mentions: readonly DateMention[], clauses: Int32Array): FollowUpLink[] {
  const links: FollowUpLink[] = [];
  const taken = new Set<DateMention>();
  const add = (mention: DateMention, verb: Verb | null) => {
    if (taken.has(mention)) return;
    taken.add(mention);
    const start = Math.min(mention.removeStart, verb?.start ?? Infinity);
    const last = Math.max(mention.removeEnd, verb?.end ?? 0);
    const zone = { start, end: Math.max(last, clauseEnd(clauses, last)) };
    links.push({ mention, verb: verb ? { start: verb.start, end: verb.end } : null, zone, verbIsTask: !!verb && verb.order !== 'after-only' });
  };
  for (const v of findVerbs(lower)) {
    let m: DateMention | null;
    if (v.order === 'after-only') m = nearest(v, mentions, clauses, 'after', 3);
    else if (v.order === 'before-first') m = nearest(v, mentions, clauses, 'before', 12) ?? nearest(v, mentions, clauses, 'after', 12);
    // English puts the date after the verb; before it only when glued on ("Dec 3 demo"), since
    // "on Thursday to demo …" is when something already happened.
    else m = nearest(v, mentions, clauses, 'after', 40) ?? nearest(v, mentions, clauses, 'before', 3);
    if (m) add(m, v);
  }
  for (const m of mentions) if (m.deadline && canBeFuture(m)) add(m, null);
  return links.sort((a, b) => a.mention.start - b.mention.start);
}
