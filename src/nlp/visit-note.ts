/**
 * Composer: one free-text visit note → structured visit. Pure: the clock, zone and customer list
 * come from the caller. Order matters: dates first (they are masked before customers, people and
 * amounts are looked for), then follow-ups (they decide which date is the visit's and which
 * channel words describe the next contact), then customer, people, amount and summary.
 */
import { findAmounts } from './amounts.ts';
import { iso, localToday, type Resolution } from './calendar.ts';
import { decideChannel, findChannelHits } from './channel.ts';
import { guessCompanyMention } from './company-mention.ts';
import { findContacts } from './contacts.ts';
import { decideFromHits, ensureIndex, resolveMention, scanCustomerKeys } from './customers.ts';
import type { DateMention } from './date-mention.ts';
import { findDateMentions } from './dates.ts';
import { linkFollowUps } from './followup.ts';
import { buildSummary } from './summary.ts';
import { clauseAround, clauseIds, foldWidth, lowerSameLength, maskSpans, sameClause } from './text.ts';
import type { CustomerMatch, ParseContext, ParsedVisitNote, Problem, Span } from './types.ts';

function followUpOf(links: ReturnType<typeof linkFollowUps>, problems: Problem[]): { mention: DateMention; date: string } | null {
  let best: { mention: DateMention; date: string } | null = null;
  let unresolved: DateMention | null = null;
  for (const l of links) {
    const r: Resolution = l.mention.resolve('future');
    if (!r.ok) {
      if (r.code === 'date.impossible') problems.push({ code: 'date.impossible', text: l.mention.text });
      else unresolved ??= l.mention;
      continue;
    }
    const date = iso(r.day);
    // Several tasks with dates: the next follow-up is the soonest one.
    if (!best || date < best.date) best = { mention: l.mention, date };
  }
  if (!best && unresolved) problems.push({ code: 'date.unparseable', text: unresolved.text });
  return best;
}

/** A date used attributively ("12月15日的交付计划") is content, not when the visit happened. */
function isAttributive(m: DateMention, folded: string): boolean {
  return (m.tense === 'either' || m.tense === 'future') && /^\s*的/.test(folded.slice(m.end, m.end + 2));
}

const VISIT_VERBS = /拜访|走访|上门|去|到|来访|见|面谈|visit|meet|see |go to|going to|head to|heading to|drop by|stop by/i;

/**
 * A date that can only lie ahead ("下个月", "end of next week") is the visit's date only when a
 * visit verb goes with it ("明天去拜访格力") or it opens the note; otherwise it is content
 * ("他说下个月要招标") and stays in the summary.
 */
function canBeVisitDate(m: DateMention, folded: string, clauses: Int32Array): boolean {
  if (m.tense !== 'future') return true;
  if (folded.slice(0, m.removeStart).trim() === '') return true;
  const clause = clauseAround(clauses, folded, m).replace(folded.slice(m.start, m.end), ' ');
  return VISIT_VERBS.test(clause);
}

function parseUnsafe(input: string, ctx: ParseContext): ParsedVisitNote {
  const { today, problems } = localToday(ctx?.now, ctx?.timeZone);
  const folded = foldWidth(input);
  const lower = lowerSameLength(folded);
  const clauses = clauseIds(folded);
  if (!input.trim()) problems.push({ code: 'note.empty', text: '' });

  // Dates and follow-ups.
  const mentions = findDateMentions(input, today);
  const links = linkFollowUps(lower, mentions, clauses);
  const linked = new Set(links.map((l) => l.mention));
  const follow = followUpOf(links, problems);

  const visitMention =
    mentions.find((m) => !linked.has(m) && !m.unresolvable && !isAttributive(m, folded) && canBeVisitDate(m, folded, clauses)) ?? null;
  let visitedAt: ParsedVisitNote['visitedAt'] = { date: iso(today), explicit: false, text: null };
  if (visitMention) {
    const r = visitMention.resolve('past');
    if (r.ok) {
      visitedAt = { date: iso(r.day), explicit: true, text: visitMention.text };
      if (r.day > today) problems.push({ code: 'date.future', text: visitMention.text });
      if (visitMention.vague) problems.push({ code: 'date.vague', text: visitMention.text });
    } else {
      problems.push({ code: r.code, text: visitMention.text });
      visitedAt = { date: iso(today), explicit: false, text: visitMention.text };
    }
  }
  const nextFollowUp = follow ? { date: follow.date, text: follow.mention.text } : null;
  if (nextFollowUp && nextFollowUp.date <= visitedAt.date) problems.push({ code: 'followup.past', text: nextFollowUp.text });

  // Channel: words inside follow-up clauses describe the next contact, and so does a medium word
  // glued right before a follow-up verb (电话回访：下周三).
  const channelHits = findChannelHits(lower);
  const excluded: Span[] = links.map((l) => l.zone);
  for (const l of links) {
    if (!l.verbIsTask || !l.verb) continue;
    for (const h of channelHits) {
      if (h.end <= l.verb.start && l.verb.start - h.end <= 1 && sameClause(clauses, h.start, l.verb.start)) excluded.push(h);
    }
  }
  const channel = decideChannel(channelHits, clauses, excluded);

  // Customer: dates and channel words (腾讯会议 is not Tencent) are masked first.
  const index = ensureIndex(ctx?.customers);
  const dateSpans: Span[] = mentions.map((m) => ({ start: m.start, end: m.end }));
  const maskedLower = maskSpans(lower, [...dateSpans, ...channelHits]);
  const customerHits = scanCustomerKeys(maskedLower, index);
  let customer: CustomerMatch | null = decideFromHits(customerHits, input, index);

  const contactsRaw = findContacts(folded, [...customerHits, ...dateSpans]);
  if (!customer) {
    // Visit verbs stay visible: they are what introduces the company (拜访阿里巴巴).
    const mediumWords = channelHits.filter((h) => h.value !== 'onsite');
    const mention = guessCompanyMention(folded, [...contactsRaw, ...dateSpans, ...mediumWords]);
    customer = resolveMention(mention, index);
  }
  const companyText = customer.status === 'matched' ? customer.matchedText : customer.mention;
  const contacts = contactsRaw
    .filter((c) => !companyText || c.name.toLowerCase() !== companyText.toLowerCase())
    .map((c) => ({ name: input.slice(c.start, c.end) || c.name, title: c.title }));

  const firstAmount = findAmounts(maskSpans(folded, dateSpans), ctx?.defaultCurrency || 'CNY')[0];
  const amount = firstAmount ? { value: firstAmount.value, currency: firstAmount.currency, text: input.slice(firstAmount.start, firstAmount.end) } : null;

  // Only what a field now holds leaves the summary: the visit date and the one follow-up date chosen;
  // a bare number pair (12.8) may be a price, so it stays too.
  const remove: Span[] = [];
  if (visitMention && visitedAt.explicit && !visitMention.ambiguous) remove.push({ start: visitMention.removeStart, end: visitMention.removeEnd });
  if (follow && !follow.mention.ambiguous) remove.push({ start: follow.mention.removeStart, end: follow.mention.removeEnd });
  const soft = [...(companyText ? [companyText] : []), ...contacts.map((c) => c.name), ...contacts.flatMap((c) => (c.title ? [c.title] : []))];
  const summary = buildSummary(input, remove, soft);

  return { customer, contacts, visitedAt, channel, nextFollowUp, amount, summary, problems };
}

/**
 * Understands one visit note, Chinese or English. Never throws: odd input (markup, JSON, emoji,
 * empty, very long) gives a best-effort result plus `problems`.
 */
export function parseVisitNote(text: string, ctx: ParseContext): ParsedVisitNote {
  const input = typeof text === 'string' ? text : String(text ?? '');
  try {
    return parseUnsafe(input, ctx);
  } catch (err) {
    const { today, problems } = localToday(ctx?.now, ctx?.timeZone);
    problems.push({ code: 'internal.error', text: err instanceof Error ? err.message : String(err) });
    return {
      customer: { status: 'unknown', mention: null, candidates: [] },
      contacts: [],
      visitedAt: { date: iso(today), explicit: false, text: null },
      channel: { value: 'onsite', explicit: false },
      nextFollowUp: null,
      amount: null,
      summary: input.trim(),
      problems,
    };
  }
}
