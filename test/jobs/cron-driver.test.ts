/**
 * The node-cron driver itself (single-process mode, no Redis): a team's schedule set to the coming minute in
 * its own zone (Europe/Berlin, not the machine's) fires through real node-cron timers, plans for the minute
 * it was due, and delivers through the ledger — once per person even with two drivers on one database. The
 * job is a probe that ignores the day rules, so the test holds on any day of the week.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import type { JobDefinition } from '../../jobs/context.ts';
import { startCronDriver, type CronDriver } from '../../jobs/drivers/cron.ts';
import { MAIN_SLOT, slotKey } from '../../jobs/schedule/defaults.ts';
import type { JobName } from '../../jobs/types.ts';
import { openTestStore } from '../support/store.ts';
import { RecordingPort } from './support/ports.ts';
import { jobEnv, world } from './support/world.ts';

const ZONE = 'Europe/Berlin';
let store: Awaited<ReturnType<typeof openTestStore>>;
const drivers: CronDriver[] = [];

beforeAll(async () => {
  store = await openTestStore(import.meta.filename);
});
afterAll(async () => {
  for (const d of drivers) await d.close();
  await store?.drop();
});

describe('the node-cron driver', () => {
  it('fires a team’s schedule at its local minute and delivers once per person across two drivers', async () => {
    // The coming minute in Berlin, at least 15 s away so both drivers are scheduled before it.
    let due = DateTime.now().setZone(ZONE).startOf('minute').plus({ minutes: 1 });
    if (due.diffNow().as('seconds') < 15) due = due.plus({ minutes: 1 });
    const w = world(store);
    const teamId = await w.team('Cron Berlin', { zone: ZONE, calendar: 'plain', schedules: { [slotKey('callback-nudges', MAIN_SLOT)]: `${due.minute} ${due.hour} * * *` } });
    const people = await Promise.all(['Anna', 'Ben', 'Clara'].map((name) => w.person(teamId, { name, language: 'en' })));

    const fired: Date[] = [];
    // Two drivers on one database is a mistake (single-process mode means one process), but it must not
    // double a message: each delivery is claimed once, and a tick sends only what it claimed.
    const probe: JobDefinition = {
      name: 'callback-nudges',
      slots: [{ id: MAIN_SLOT, days: 'workdays' }],
      async plan(ctx) {
        fired.push(ctx.now);
        return ctx.members.flatMap((m) => {
          const d = ctx.toPerson(m, { period: ctx.now.toISOString(), replies: [{ kind: 'text', text: `tick for ${m.name}` }] });
          return d ? [d] : [];
        });
      },
    };
    const ports = [new RecordingPort('console'), new RecordingPort('console')];
    for (const port of ports) {
      const env = await jobEnv(store);
      const driver = await startCronDriver(env, { definitions: { 'callback-nudges': probe } as Record<JobName, JobDefinition>, ports: new Map([['console', port]]) });
      drivers.push(driver);
      expect(driver.scheduled()).toEqual([`${teamId}|callback-nudges|${ZONE}`]);
    }

    const sent = () => ports.flatMap((p) => p.sent);
    await expect.poll(() => sent().length, { timeout: 150_000, interval: 500 }).toBe(people.length);
    // Both drivers fired, each for the minute it was due in Berlin…
    await expect.poll(() => fired.length, { timeout: 10_000 }).toBe(2);
    expect(fired.map((d) => d.toISOString())).toEqual([due.toUTC().toISO({ suppressMilliseconds: true }), due.toUTC().toISO({ suppressMilliseconds: true })].map((s) => new Date(s as string).toISOString()));
    // …and every person got exactly one message, whichever driver sent it.
    expect(sent().map((s) => s.to.channelId).sort()).toEqual(people.map((p) => p.channel).sort());
    const log = await (await jobEnv(store)).ledger.log();
    expect(log.map((r) => r.status)).toEqual(people.map(() => 'sent'));
  }, 200_000);
});
