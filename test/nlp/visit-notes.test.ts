import { describe, expect, it } from 'vitest';
import { buildCustomerIndex, parseVisitNote, type ParsedVisitNote } from '../../src/nlp/index.ts';
import { CUSTOMERS, VISIT_NOTE_CASES, type VisitNoteCase } from './visit-notes.table.ts';

const FIELDS = ['customer', 'contacts', 'date', 'channel', 'followUp'] as const;
type Field = (typeof FIELDS)[number];

function customerKey(r: ParsedVisitNote): string {
  return r.customer.status === 'matched' ? r.customer.id : r.customer.status;
}

function actual(r: ParsedVisitNote): Record<Field, unknown> {
  return {
    customer: customerKey(r),
    contacts: r.contacts.map((c) => c.name),
    date: r.visitedAt.date,
    channel: r.channel.value,
    followUp: r.nextFollowUp?.date ?? null,
  };
}

function sameField(field: Field, got: unknown, want: unknown): boolean {
  if (field === 'contacts') {
    const g = [...(got as string[])].sort();
    const w = [...(want as string[])].sort();
    return g.length === w.length && g.every((x, i) => x === w[i]);
  }
  return got === want;
}

describe('visit-note table', () => {
  const index = buildCustomerIndex(CUSTOMERS);

  it('has a realistic mix of notes', () => {
    expect(VISIT_NOTE_CASES.length).toBeGreaterThanOrEqual(70);
    const english = VISIT_NOTE_CASES.filter((c) => /^[\x20-\x7e]*$/.test(c.text)).length;
    expect(english / VISIT_NOTE_CASES.length).toBeGreaterThan(0.25);
    expect(english / VISIT_NOTE_CASES.length).toBeLessThan(0.45);
    expect(new Set(VISIT_NOTE_CASES.map((c) => c.id)).size).toBe(VISIT_NOTE_CASES.length);
  });

  it('reaches the accuracy bar per field and overall', () => {
    const hits: Record<Field, number> = { customer: 0, contacts: 0, date: 0, channel: 0, followUp: 0 };
    const misses: string[] = [];
    for (const c of VISIT_NOTE_CASES as VisitNoteCase[]) {
      const r = parseVisitNote(c.text, { now: new Date(c.now), timeZone: c.timeZone, customers: index });
      const got = actual(r);
      for (const f of FIELDS) {
        if (sameField(f, got[f], c.expect[f])) hits[f]++;
        else misses.push(`${c.id} ${f}: got ${JSON.stringify(got[f])}, want ${JSON.stringify(c.expect[f])} — ${c.text}`);
      }
    }
    const n = VISIT_NOTE_CASES.length;
    const rows = FIELDS.map((f) => ({ field: f, correct: hits[f], total: n, accuracy: `${((100 * hits[f]) / n).toFixed(1)} %` }));
    const overall = FIELDS.reduce((s, f) => s + hits[f], 0) / (n * FIELDS.length);
    rows.push({ field: 'overall' as Field, correct: FIELDS.reduce((s, f) => s + hits[f], 0), total: n * FIELDS.length, accuracy: `${(100 * overall).toFixed(1)} %` });
    console.log(`visit-note accuracy (${n} notes)`);
    console.table(rows);
    if (misses.length) console.log(`misses:\n${misses.join('\n')}`);
    for (const f of FIELDS) expect(hits[f] / n, `accuracy of ${f}`).toBeGreaterThanOrEqual(0.9);
    expect(overall).toBeGreaterThanOrEqual(0.95);
  });
});
