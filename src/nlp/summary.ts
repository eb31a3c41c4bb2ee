/**
 * The note without what was captured in structured fields (the visit date, the follow-up date that went
 * into the follow-up field, a leading "拜访"/"visited"), tidied. Everything else stays — other follow-up
 * dates, timing words without a date (过几天再联系), bracketed remarks: when unsure, keep the rep's words.
 */
import type { Span } from './types.ts';

const LEADING_VISIT_VERB = /^(?:(?:刚刚|刚才|刚)?(?:上门|去|到)?(?:拜访|走访|拜会)了?|(?:visited|met with|met)\b)/i;
const EDGE_PUNCT = /^[\s,，。.;；:：、\-–—]+|[\s,，;；:：、\-–—]+$/g;

function tidy(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .replace(/[(（]\s*[)）]/g, '')
    .replace(/\s+([,，。;；:：!?！？)）])/g, '$1')
    .replace(/([(（])\s+/g, '$1')
    .replace(/([,，;；、])(?:\s*[,，;；、])+/g, '$1')
    .replace(/[,，;；、]\s*([.。])/g, '$1')
    .replace(EDGE_PUNCT, '');
}

// A clause that is only a follow-up verb once its date went into the follow-up field (下周三回访 → 回访).
const BARE_FOLLOW_UP = /^(?:再?回访|跟进|再联系|再约|复访|follow[ -]?up|call back)$/i;
// Words that only say how the contact happened, around the customer and people in the opening clause.
// Brackets count only once emptied of the people's names and titles: "(CTO)" goes, "(价格敏感)" stays.
const CONTACT_WORDS = /(?:\(\s*\)|（\s*）|今天|今日|昨天|上门|去|到|拜访|走访|拜会|见了|见|和|与|跟|给|电话|打电话|致电|视频|微信|了|visited|met with|met|called|phoned|with|at|and|the|today|yesterday|\s)+/gi;

/**
 * Drops an opening clause made only of the customer, the people met and how (华为张总，谈续约 → 谈续约):
 * the structured fields hold all of it.
 */
function dropCapturedClauses(text: string, soft: readonly string[]): string {
  const clauses = text.split(/(?<=[，,；;。])/);
  const kept = clauses.filter((clause, i) => {
    const core = clause.replace(/[，,；;。\s]+$/g, '').trim();
    if (i !== 0 || clauses.length === 1) return true;
    let rest = core;
    for (const word of soft) if (word) rest = rest.split(word).join('');
    return rest.replace(CONTACT_WORDS, '').trim() !== '';
  });
  return kept.join('');
}

/**
 * A clause that lost its date to the follow-up field and is left with a bare follow-up verb (下周三回访 →
 * 回访) says nothing more: it goes whole. A clause without a removed date is never dropped this way.
 */
function dropBareFollowUps(note: string, keep: Uint8Array): void {
  for (const m of note.matchAll(/[^，,；;。\n]+[，,；;。\n]*/g)) {
    const start = m.index;
    const end = start + m[0].length;
    let removed = false;
    let rest = '';
    for (let i = start; i < end; i++) {
      if (keep[i]) rest += note[i];
      else removed = true;
    }
    if (removed && BARE_FOLLOW_UP.test(rest.replace(/[，,；;。\s]+/g, ' ').trim())) keep.fill(0, start, end);
  }
}

export function buildSummary(note: string, remove: readonly Span[], soft: readonly string[] = []): string {
  const original = note.trim();
  if (!original) return '';
  const keep = new Uint8Array(note.length).fill(1);
  for (const r of remove) for (let i = Math.max(0, r.start); i < Math.min(note.length, r.end); i++) keep[i] = 0;
  dropBareFollowUps(note, keep);
  let out = '';
  for (let i = 0; i < note.length; i++) if (keep[i]) out += note[i];
  let s = tidy(out);
  const lead = LEADING_VISIT_VERB.exec(s);
  if (lead) s = tidy(s.slice(lead[0].length));
  s = tidy(dropCapturedClauses(s, soft));
  // Never hand back an empty summary for a note that had content.
  return s || original;
}
