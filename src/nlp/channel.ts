/**
 * How the contact happened. Medium words (电话, 视频, 微信, zoom, email, on-site) say it directly;
 * visit verbs (拜访, met, visited) only suggest "onsite", so "电话拜访" and "met on Zoom" take the
 * medium. The first clause that mentions any of these decides, because later clauses usually
 * describe what happens next ("拜访华为，会后发了微信" is an onsite visit).
 */
import { clauseOf, overlapsAny } from './text.ts';
import type { Span, VisitChannel } from './types.ts';

export interface ChannelHit extends Span {
  value: VisitChannel;
  /** Medium words and explicit on-site words; false for generic visit verbs. */
  strong: boolean;
}

type Entry = { re: RegExp; value: VisitChannel; strong: boolean };

const ENTRIES: Entry[] = [
  // Chinese
  { re: /上门|现场|面谈|当面|来访|登门|到访|实地|面见|见面|拜会|走访|碰面/g, value: 'onsite', strong: true },
  { re: /拜访|见了|见到|去了|约见|陪同/g, value: 'onsite', strong: false },
  { re: /打了个电话|打电话|通了电话|电话|致电|通话|来电|电联|语音通话/g, value: 'phone', strong: true },
  { re: /视频会议|视频通话|视频|腾讯会议|飞书会议|钉钉会议|线上会议|网络会议|远程会议/g, value: 'video', strong: true },
  { re: /企业微信|企微|微信|短信|邮件|邮箱|钉钉|飞书|(?:发|来|回)了?条?消息|发来消息|消息沟通|留言/g, value: 'message', strong: true },
  // English (matched on lower-cased text)
  { re: /\b(?:on-site|onsite|in person|in-person|face to face|face-to-face|site visit|at their (?:office|site|plant|factory|hq|headquarters)|office visit)\b/g, value: 'onsite', strong: true },
  { re: /\b(?:visited|visiting|visit|met|meeting at|lunch|dinner|coffee)\b/g, value: 'onsite', strong: false },
  { re: /\b(?:phone call|on the phone|by phone|over the phone|via phone|phoned|phone|called|calls? with|had a call|quick call|conference call|rang)\b/g, value: 'phone', strong: true },
  { re: /\bcalls? w\//g, value: 'phone', strong: true },
  { re: /\b(?:video call|video conference|videoconference|video meeting|by video|via video|zoom|ms teams|microsoft teams|teams (?:call|meeting)|(?:on|via|over) teams|webex|google meet|tencent meeting|voov|online meeting|virtual meeting)\b/g, value: 'video', strong: true },
  { re: /\b(?:wechat|we chat|weixin|e-?mail(?:ed|s)?|messaged|texted|text message|sms|whatsapp|dingtalk|feishu|lark message|slack(?:ed)?)\b/g, value: 'message', strong: true },
];

/** All channel words, longest first where they overlap ("视频会议" not "视频"). */
export function findChannelHits(lower: string): ChannelHit[] {
  const raw: ChannelHit[] = [];
  for (const e of ENTRIES) {
    for (const m of lower.matchAll(e.re)) raw.push({ start: m.index, end: m.index + m[0].length, value: e.value, strong: e.strong });
  }
  raw.sort((a, b) => (b.end - b.start) - (a.end - a.start) || a.start - b.start);
  const chosen: ChannelHit[] = [];
  for (const h of raw) if (!overlapsAny(h, chosen)) chosen.push(h);
  return chosen.sort((a, b) => a.start - b.start);
}

/**
 * The visit's channel from the hits outside `excluded` (follow-up clauses: "下周三电话回访" says
 * how the next contact will happen, not how this one did). Nothing said → onsite, not explicit.
 */
export function decideChannel(hits: readonly ChannelHit[], clauses: Int32Array, excluded: readonly Span[]): { value: VisitChannel; explicit: boolean } {
  const usable = hits.filter((h) => !overlapsAny(h, excluded));
  if (usable.length === 0) return { value: 'onsite', explicit: false };
  const firstClause = clauseOf(clauses, usable[0]!);
  const inClause = usable.filter((h) => clauseOf(clauses, h) === firstClause);
  const strong = inClause.find((h) => h.strong);
  return { value: (strong ?? inClause[0]!).value, explicit: true };
}
