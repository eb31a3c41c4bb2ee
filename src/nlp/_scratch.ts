import { parseVisitNote, buildCustomerIndex } from './index.ts';
import { CUSTOMERS, VISIT_NOTE_CASES } from '../../test/nlp/visit-notes.table.ts';
const idx = buildCustomerIndex(CUSTOMERS);
console.log(VISIT_NOTE_CASES.length);
for (const c of VISIT_NOTE_CASES) {
  const r = parseVisitNote(c.text, { now: new Date(c.now), timeZone: c.timeZone, customers: idx });
  const cust = r.customer.status === 'matched' ? r.customer.id : r.customer.status + ':' + (r.customer as any).mention + ':' + r.customer.candidates.map(x=>x.id+'/'+x.score).join(',');
  console.log(c.id, '|', cust, '|', r.contacts.map(x => x.name + (x.title ? `(${x.title})` : '')).join(','), '|', r.visitedAt.date, r.visitedAt.text, '|', r.channel.value, r.channel.explicit, '|', r.nextFollowUp?.date, r.nextFollowUp?.text, '|', r.amount ? `${r.amount.value} ${r.amount.currency} [${r.amount.text}]` : '', '|', r.summary, '|', r.problems.map(p=>p.code+':'+p.text).join(';'));
}
