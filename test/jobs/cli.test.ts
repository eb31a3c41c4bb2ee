/** The real `kam jobs …` and `kam export deliveries` commands against the test database. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mongoUri, openTestStore } from '../support/store.ts';
import { runKam } from '../support/cli.ts';
import { world } from './support/world.ts';

let store: Awaited<ReturnType<typeof openTestStore>>;
const env = () => ({ MONGODB_URI: mongoUri(), MONGODB_DB: store.dbName, DEFAULT_LOCALE: 'en' });

beforeAll(async () => {
  store = await openTestStore(import.meta.filename);
});
afterAll(async () => {
  await store?.drop();
});

describe('kam jobs', () => {
  it('lists schedules with holiday-aware next runs, runs a job once, and exports the delivery log', async () => {
    const w = world(store);
    const team = await w.team('CLI-Team');
    const rep = await w.person(team, { name: 'Ann', language: 'en', email: 'ann@example.com' });
    const c = await w.customer(rep.id, team, { name: 'Acme', tier: 'B1', lastVisitDay: '2026-09-20' });
    await w.callback(rep.id, team, c, { dueDay: '2026-09-29', note: 'send the quote' });

    const list = await runKam(['jobs', 'list', '--now', '2026-09-28T08:00:00+08:00'], { env: env() });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/weekly-report-reminder\/first\s+0 16 \* \* 5\s+next 2026-09-30 Wed 16:00 {2}\(moved from 2026-10-02\)/);
    expect(list.stdout).toMatch(/monthly-rollup\s+0 9 1 \* \*\s+next 2026-10-08 Thu 09:00 {2}\(moved from 2026-10-01\)/);

    const notDue = await runKam(['jobs', 'run', 'callback-nudges', '--now', '2026-10-02T09:00:00+08:00'], { env: env() });
    expect(notDue.stdout).toContain('0 due');

    const run = await runKam(['jobs', 'run', 'callback-nudges', '--team', 'cli-team', '--now', '2026-09-29T09:00:00+08:00'], { env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`» ${rep.channel} #console-1: Callbacks for 2026-09-29: 1 due (0 overdue)`);
    expect(run.stdout).toContain('1 sent');

    const again = await runKam(['jobs', 'run', 'callback-nudges', '--now', '2026-09-29T09:05:00+08:00', '--force'], { env: env() });
    expect(again.stdout).not.toContain('»');
    expect(again.stdout).toContain('0 new, 0 sent');

    const csv = await runKam(['export', 'deliveries', '--format', 'csv'], { env: env() });
    expect(csv.code).toBe(0);
    const lines = csv.stdout.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toBe('job,recipient,platform,channel,period,step,status,plannedAt,sentAt,attempts,error,text');
    expect(lines[1]).toMatch(/^callback-nudges,ann@example.com,console,Ann-\d+,2026-09-29,,sent,/);
    const json = JSON.parse((await runKam(['export', 'deliveries'], { env: env() })).stdout) as Array<Record<string, unknown>>;
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({ job: 'callback-nudges', recipient: 'ann@example.com', platform: 'console', period: '2026-09-29', status: 'sent' });

    const bad = await runKam(['jobs', 'run', 'nope'], { env: env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown job "nope"');
  }, 120_000);
});
