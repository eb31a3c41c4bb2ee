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

export function buildSummary(note: string, remove: readonly Span[]): string {
  const original = note.trim();
  if (!original) return '';
  const keep = new Uint8Array(note.length).fill(1);
  for (const r of remove) for (let i = Math.max(0, r.start); i < Math.min(note.length, r.end); i++) keep[i] = 0;
  let out = '';
  for (let i = 0; i < note.length; i++) if (keep[i]) out += note[i];
  let s = tidy(out);
  const lead = LEADING_VISIT_VERB.exec(s);
  if (lead) s = tidy(s.slice(lead[0].length));
  // Never hand back an empty summary for a note that had content.
  return s || original;
}
