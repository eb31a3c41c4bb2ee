/**
 * The note without what was captured in structured fields (the visit date, follow-up dates, a
 * leading "拜访"/"visited"), tidied. Everything else stays: when unsure, keep the rep's words.
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
const CONTACT_WORDS = /(?:\([^)]*\)|（[^）]*）|今天|今日|昨天|上门|去|到|拜访|走访|拜会|见了|见|和|与|跟|给|电话|打电话|致电|视频|微信|了|visited|met with|met|called|phoned|with|at|and|the|today|yesterday|\s)+/gi;

/**
 * Drops clauses that say nothing beyond the structured fields: a bare follow-up verb, and an opening clause
 * made only of the customer, the people met and how (华为张总，谈续约 → 谈续约).
 */
function dropCapturedClauses(text: string, soft: readonly string[]): string {
  const clauses = text.split(/(?<=[，,；;。])/);
  const kept = clauses.filter((clause, i) => {
    const core = clause.replace(/[，,；;。\s]+$/g, '').trim();
    if (BARE_FOLLOW_UP.test(core)) return false;
    if (i !== 0 || clauses.length === 1) return true;
    let rest = core;
    for (const word of soft) if (word) rest = rest.split(word).join('');
    return rest.replace(CONTACT_WORDS, '').trim() !== '';
  });
  return kept.join('');
}

export function buildSummary(note: string, remove: readonly Span[], soft: readonly string[] = []): string {
  const original = note.trim();
  if (!original) return '';
  const keep = new Uint8Array(note.length).fill(1);
  for (const r of remove) for (let i = Math.max(0, r.start); i < Math.min(note.length, r.end); i++) keep[i] = 0;
  let out = '';
  for (let i = 0; i < note.length; i++) if (keep[i]) out += note[i];
  let s = tidy(out);
  const lead = LEADING_VISIT_VERB.exec(s);
  if (lead) s = tidy(s.slice(lead[0].length));
  s = tidy(dropCapturedClauses(s, soft));
  // Never hand back an empty summary for a note that had content.
  return s || original;
}
