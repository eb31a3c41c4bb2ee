/**
 * The manager summary of a 50-rep team over 1,000,000 visits and 200,000 receivables: the time to plan it (all
 * queries, the chart) and the `explain` of each aggregation, to show the indexes they use.
 *
 *   node --import tsx bench/jobs-summary.ts [--visits 1000000] [--receivables 200000] [--reps 50] [--runs 3]
 *                                           [--server ferretdb-postgresql|ferretdb-sqlite|mongod]
 *
 * MONGODB_URI points it at a running server instead. Figures, not pass/fail. The explain is printed as the
 * server gives it: MongoDB's stages and index names; FerretDB's pushdown flags and the backend's own plan
 * (SQLite's query plan, or PostgreSQL's EXPLAIN nodes with any index they use).
 */
import { parseArgs } from 'node:util';
import { Types, type PipelineStage } from 'mongoose';
import { addDays, isoWeekKey, monthKey } from '../src/domain/calendar.ts';
import { DEFINITIONS } from '../jobs/definitions/index.ts';
import { overdueQuery, teamWeekPipelines } from '../jobs/data/activity.ts';
import { planContext } from '../jobs/context.ts';
import { loadMembers, loadTeams } from '../jobs/people.ts';
import { benchServices } from './_jobs-services.ts';

const { values } = parseArgs({
  options: {
    visits: { type: 'string', default: '1000000' },
    receivables: { type: 'string', default: '200000' },
    reps: { type: 'string', default: '50' },
    runs: { type: 'string', default: '3' },
    server: { type: 'string' },
  },
});
const VISITS = Number(values.visits);
const RECEIVABLES = Number(values.receivables);
const REPS = Number(values.reps);
const CUSTOMERS_PER_REP = 50;
const FIRST_DAY = '2024-10-14'; // 728 days to TODAY: last week is full of visits
const DAYS = 728;
const NOW = '2026-10-12T09:30:00+08:00'; // a Monday: the summary of 2026-W41
const TODAY = '2026-10-12';

const services = await benchServices('summary', ['console'], values.server);
const { store, env } = services;
const { models } = store;
let seed = 1;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)] as T;

const SEED_BATCH = 10_000;
async function insert(model: keyof typeof models, docs: object[]) {
  for (let i = 0; i < docs.length; i += SEED_BATCH) await models[model].collection.insertMany(docs.slice(i, i + SEED_BATCH) as never[], { ordered: false });
}
const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

try {
  const t0 = Date.now();
  const teamId = new Types.ObjectId();
  await insert('Team', [{ _id: teamId, name: '华东大客户部', key: `bench-${Date.now()}`, timeZone: 'Asia/Shanghai', calendar: 'cn', summaryChannel: { platform: 'console', channelId: 'summary-room', direct: false } }]);
  const reps = Array.from({ length: REPS }, (_, i) => ({ _id: new Types.ObjectId(), name: `客户经理${String(i + 1).padStart(2, '0')}`, role: 'rep', teamId, language: 'zh-CN', leave: [] }));
  await insert('User', reps);
  const customers = reps.flatMap((r, i) =>
    Array.from({ length: CUSTOMERS_PER_REP }, (_, j) => ({
      _id: new Types.ObjectId(),
      name: `客户${i}-${j}`,
      key: `bench-${i}-${j}`,
      aliases: [],
      ownerId: r._id,
      teamId,
      tier: pick(['A1', 'A2', 'B1', 'B2', 'C', 'D']),
      status: 'active',
      lastVisitDay: addDays(TODAY, -Math.floor(rand() * 120)),
      contacts: [],
      createdAt: new Date(Date.parse(`${FIRST_DAY}T02:00:00Z`) + Math.floor(rand() * DAYS) * 86_400_000),
    })),
  );
  await insert('Customer', customers);
  const visits: object[] = [];
  for (let i = 0; i < VISITS; i++) {
    const c = pick(customers);
    const day = addDays(FIRST_DAY, Math.floor(rand() * DAYS));
    visits.push({ customerId: c._id, customerName: c.name, ownerId: c.ownerId, teamId, channel: 'onsite', visitDay: day, visitedAt: new Date(`${day}T03:00:00Z`), timeZone: 'Asia/Shanghai', contacts: [], summary: '', week: isoWeekKey(day), month: monthKey(day), planned: rand() < 0.3 });
    if (visits.length === 50_000) {
      await insert('Visit', visits.splice(0));
      if ((i + 1) % 200_000 === 0) progress(`${i + 1} visits seeded, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
  }
  await insert('Visit', visits.splice(0));
  const receivables: object[] = [];
  for (let i = 0; i < RECEIVABLES; i++) {
    const c = pick(customers);
    const due = addDays(FIRST_DAY, Math.floor(rand() * (DAYS + 30)));
    const amount = Math.round(rand() * 200_000);
    const open = due > addDays(TODAY, -90) ? rand() < 0.5 : rand() < 0.02;
    const payDay = addDays(due, Math.floor(rand() * 20) - 10);
    const paid = open ? Math.round(amount * rand() * 0.5) : amount;
    receivables.push({
      customerId: c._id, customerName: c.name, ownerId: c.ownerId, teamId, invoiceNo: `INV${i}`, key: `inv${i}`, amount, currency: 'CNY', issuedDay: addDays(due, -30), dueDay: due, dueMonth: monthKey(due),
      paidAmount: paid, payments: paid > 0 ? [{ amount: paid, day: payDay, at: new Date(`${payDay}T03:00:00Z`), week: isoWeekKey(payDay), month: monthKey(payDay) }] : [], status: open ? 'open' : 'paid',
    });
    if (receivables.length === 50_000) await insert('Receivable', receivables.splice(0));
  }
  await insert('Receivable', receivables.splice(0));
  const callbacks = Array.from({ length: 20_000 }, () => {
    const c = pick(customers);
    const due = addDays(TODAY, -Math.floor(rand() * 120));
    const done = rand() < 0.7;
    return { customerId: c._id, customerName: c.name, ownerId: c.ownerId, teamId, dueDay: due, week: isoWeekKey(due), status: done ? 'done' : 'open', origin: 'manual', note: '', ...(done ? { doneDay: due, doneWeek: isoWeekKey(due) } : {}) };
  });
  await insert('Callback', callbacks);
  console.log(`seeded ${REPS} reps, ${customers.length} customers, ${VISITS} visits, ${RECEIVABLES} receivables, 20000 callbacks in ${((Date.now() - t0) / 1000).toFixed(0)} s (${services.mongoKind})`);

  const [team] = await loadTeams(models, env.people, String(teamId));
  if (!team) throw new Error('team missing');
  const members = await loadMembers(models, team, env.people);
  const times: number[] = [];
  let size = 0;
  const RUNS = Number(values.runs);
  for (let run = 0; run < RUNS; run++) {
    const t = Date.now();
    const planned = await DEFINITIONS['manager-summary'].plan(planContext(env, 'manager-summary', DEFINITIONS['manager-summary'].slots, team, members, new Date(NOW), false));
    times.push(Date.now() - t);
    size = planned[0]?.replies.length ?? 0;
  }
  console.log(`manager summary (${size} replies incl. chart) planned in ${times.map((t) => `${(t / 1000).toFixed(1)} s`).join(', ')} (${RUNS} runs, ${services.mongoKind})`);

  const week = isoWeekKey(addDays(TODAY, -1));
  const explained: Array<{ name: string; model: keyof typeof models; pipeline: PipelineStage[] }> = [
    ...teamWeekPipelines(String(teamId), reps.map((r) => String(r._id)), week, 'Asia/Shanghai'),
  ];
  console.log(`\nThe queries on the large collections, each run once more and explained (${services.mongoKind}):`);
  for (const p of explained) {
    const model = models[p.model] as unknown as { aggregate(p: PipelineStage[]): { exec(): Promise<unknown[]>; explain(v: string): Promise<unknown> } };
    const t = Date.now();
    const rows = await model.aggregate(p.pipeline).exec();
    const ms = Date.now() - t;
    const plan = await model.aggregate(p.pipeline).explain('queryPlanner');
    console.log(`\n${p.name} (${p.model}, aggregate, $match ${JSON.stringify(p.pipeline[0]?.['$match' as never] ?? {})}): ${rows.length} rows in ${ms} ms\n${describePlan(plan)}`);
  }
  // The finds: the week's payments (a dotted path) and the team's overdue receivables.
  const overdue = overdueQuery(String(teamId), TODAY);
  const finds = [
    { name: 'payments', filter: { 'payments.week': week, teamId } as Record<string, unknown>, fields: { ownerId: 1, payments: 1 } as Record<string, number> },
    { name: 'overdue', filter: overdue.filter as Record<string, unknown>, fields: overdue.fields as Record<string, number> },
  ];
  for (const f of finds) {
    const t = Date.now();
    const rows = await models.Receivable.find(f.filter, f.fields).lean();
    const ms = Date.now() - t;
    const plan = await models.Receivable.find(f.filter, f.fields).explain('queryPlanner');
    console.log(`\n${f.name} (Receivable, find ${JSON.stringify(f.filter)}): ${rows.length} rows in ${ms} ms\n${describePlan(plan)}`);
  }
} finally {
  await services.stop();
}

type Node = Record<string, unknown>;

/** PostgreSQL EXPLAIN (FORMAT JSON) nodes, depth first. */
function pgNodes(plan: unknown): Node[] {
  const out: Node[] = [];
  const walk = (n: unknown) => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    const node = n as Node;
    if (typeof node['Node Type'] === 'string') out.push(node);
    for (const v of Object.values(node)) if (v && typeof v === 'object') walk(v);
  };
  walk(plan);
  return out;
}

/**
 * What an explain says about index use, as the server says it: MongoDB's winning-plan stages and index names;
 * FerretDB's pushdown flags and its backend's plan (SQLite's "SCAN"/"SEARCH … USING INDEX" lines, PostgreSQL's
 * node types with their filters and index names). Nothing is inferred beyond what the plan contains.
 */
function describePlan(plan: unknown): string {
  const text = JSON.stringify(plan);
  const p = plan as Node;
  if (typeof p['ferretdbVersion'] === 'string' || (p['serverInfo'] as Node | undefined)?.['ferretdbVersion']) {
    const flags = ['filterPushdown', 'sortPushdown', 'limitPushdown'].map((k) => `${k}=${String(p[k] ?? 'n/a')}`).join(' ');
    const qp = p['queryPlanner'] as Node | unknown[] | undefined;
    const sqlite = (qp as Node | undefined)?.['Plan'];
    let backend: string;
    if (Array.isArray(sqlite)) {
      const lines = sqlite.map(String);
      const indexed = lines.filter((l) => /USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/.test(l));
      backend = `SQLite plan: ${lines.join(' | ')}\n  index used: ${indexed.length ? `yes (${indexed.join('; ')})` : 'no (SQLite scans the table; FerretDB filters, groups and sorts the documents itself)'}`;
    } else {
      const nodes = pgNodes(qp);
      if (nodes.length === 0) backend = `backend plan: ${JSON.stringify(qp).slice(0, 800)}`;
      else {
        const lines = nodes.map((n) => `${n['Node Type']}${n['Relation Name'] ? ` on ${n['Relation Name']}` : ''}${n['Index Name'] ? ` using ${n['Index Name']}` : ''}${n['Index Cond'] ? ` cond ${n['Index Cond']}` : ''}${n['Filter'] ? ` filter ${n['Filter']}` : ''}`);
        const indexes = nodes.filter((n) => n['Index Name']).map((n) => String(n['Index Name']));
        backend = `PostgreSQL plan: ${lines.join(' → ')}\n  index used: ${indexes.length ? `yes (${indexes.join(', ')})` : 'no (PostgreSQL filters every row of the table by the pushed-down condition)'}`;
      }
    }
    return `  FerretDB: ${flags}\n  ${backend}`;
  }
  const stages = [...text.matchAll(/"stage":"([A-Z_]+)"/g)].map((m) => m[1]);
  const indexes = [...text.matchAll(/"indexName":"([^"]+)"/g)].map((m) => m[1]);
  if (stages.length) return `  MongoDB stages: ${[...new Set(stages)].join(' → ')}\n  index used: ${indexes.length ? `yes (${[...new Set(indexes)].join(', ')})` : 'no'}`;
  return `  explain: ${text.slice(0, 800)}`;
}
