/**
 * The chaos scenarios of the reliability issue, each returning its tally: run small in CI
 * (test/chaos/chaos.test.ts) and at full size by `npm run chaos` (bench/chaos.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureFerretDbBinary, startFerretDb } from '../../src/services/ferretdb.ts';
import { freePort } from '../../src/services/ports.ts';
import type { KamProcess } from '../ops/support/kam-process.ts';
import { burst, firstAnswerMs, halfWritten, settle, type ChaosWorld, type Tally } from './harness.ts';

export interface ScenarioResult extends Tally {
  scenario: string;
  notes: string;
}

/** (a) kill -9 mid-burst of signed commands and events, then a restart: the restarted process answers everything acknowledged. */
export async function killMidBurst(world: ChaosWorld, count: number): Promise<ScenarioResult> {
  let bot: KamProcess | null = await world.start();
  const victim = bot;
  const sent = await burst(world, {
    count,
    concurrency: 10,
    target: () => bot,
    onAck: (acked) => {
      if (acked === Math.floor(count / 2) && bot) {
        victim.child.kill('SIGKILL');
        bot = null;
      }
    },
  });
  await new Promise<void>((r) => (victim.child.exitCode !== null || victim.child.signalCode !== null ? r() : victim.child.once('exit', () => r())));
  await world.start();
  const t = await settle(world, sent, 90_000);
  return { scenario: 'kill -9 mid-burst, restart', notes: `${count} requests, killed after ${Math.floor(count / 2)} acks`, ...t };
}

/** (b) SIGTERM mid-burst while a second process runs: refused requests fail over to it; what was in hand is finished or handed on. */
export async function sigtermMidBurst(world: ChaosWorld, count: number): Promise<ScenarioResult> {
  const first = await world.start();
  const second = await world.start();
  let stopping: Promise<number | null> | null = null;
  const sent = await burst(world, {
    count,
    concurrency: 10,
    attempts: 3,
    // A load balancer: the first process until it refuses, then the second.
    target: (attempt) => (attempt === 0 && !stopping ? first : second),
    onAck: (acked) => {
      if (acked === Math.floor(count / 2)) stopping = first.stop(20_000);
    },
  });
  const code = await stopping;
  const t = await settle(world, sent, 90_000);
  if (process.env['KAM_CHAOS_DEBUG']) {
    const lost = new Set(t.unanswered);
    const ids = sent.filter((s) => lost.has(s.token)).map((s) => (s.kind === 'command' ? `slack:trig-${s.token}` : `slack:Ev${s.token}`));
    console.log(JSON.stringify(await Promise.all(ids.map((id) => world.store.models.InboxEntry.findById(id, { payload: 0 }).lean()))));
    console.log(JSON.stringify(sent.filter((s) => lost.has(s.token)).map((s) => [s.kind, s.status, s.ackText.slice(0, 80)])));
    console.log(second.log().slice(-3000));
  }
  return { scenario: 'SIGTERM mid-burst, second process', notes: `${count} requests; first process exited ${code}`, ...t };
}

export interface TimedResult extends ScenarioResult {
  /** Slowest first answer of an acknowledged command, in ms. */
  maxFirstAnswerMs: number;
  halfWritten: number;
}

/** (c) the database paused (SIGSTOP) mid-burst: every user hears something within 10 s; all saved once after it resumes. */
export async function databasePaused(makeWorld: (mongoUri: string) => Promise<ChaosWorld>, count: number, pauseMs: number): Promise<TimedResult> {
  const binary = (await ensureFerretDbBinary()).path;
  const db = await startFerretDb(binary, { handler: 'sqlite', dataDir: mkdtempSync(path.join(os.tmpdir(), 'kam-chaos-db-')) });
  try {
    const world = await makeWorld(db.uri);
    try {
      const bot = await world.start();
      let resumed: Promise<void> | null = null;
      const sent = await burst(world, {
        count,
        concurrency: 5,
        commandsOnly: true,
        target: () => bot,
        onAck: (acked) => {
          if (acked === Math.floor(count / 3) && !resumed) {
            process.kill(db.pid!, 'SIGSTOP');
            resumed = new Promise((r) =>
              setTimeout(() => {
                process.kill(db.pid!, 'SIGCONT');
                r();
              }, pauseMs),
            );
          }
        },
      });
      await resumed;
      const t = await settle(world, sent, 120_000);
      const times = firstAnswerMs(world, sent);
      return {
        scenario: `database paused ${pauseMs / 1000} s`,
        notes: `${count} commands`,
        ...t,
        maxFirstAnswerMs: Math.max(...times),
        halfWritten: await halfWritten(world, sent),
      };
    } finally {
      await world.close();
    }
  } finally {
    if (db.pid) process.kill(db.pid, 'SIGCONT');
    await db.stop();
  }
}

/** (d) Redis absent at start: commands are answered at once; the scheduler attaches when Redis comes. */
export async function redisAbsentAtStart(world: ChaosWorld): Promise<ScenarioResult & { startToAnswerMs: number; healthyToAnswerMs: number; readyAfterRedisMs: number }> {
  const port = await freePort();
  const t0 = Date.now();
  const bot = await world.start({ REDIS_URL: `redis://127.0.0.1:${port}`, QUEUE_PREFIX: 'chaosnoredis' }, 'healthy');
  const healthyAt = Date.now();
  const sent = await burst(world, { count: 2, concurrency: 1, commandsOnly: true, target: () => bot });
  const t = await settle(world, sent, 30_000);
  const answeredAt = Math.max(...firstAnswerMs(world, sent).map((ms, i) => sent[i]!.sentAt + ms));
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const redisAt = Date.now();
  try {
    let readyAt = 0;
    for (let i = 0; i < 120 && !readyAt; i++) {
      if ((await bot.readyz().catch(() => ({ status: 0 }))).status === 200) readyAt = Date.now();
      else await new Promise((r) => setTimeout(r, 250));
    }
    return {
      scenario: 'Redis absent at start',
      notes: 'then redis-server started on its port',
      ...t,
      startToAnswerMs: answeredAt - t0,
      healthyToAnswerMs: answeredAt - healthyAt,
      readyAfterRedisMs: readyAt ? readyAt - redisAt : Number.POSITIVE_INFINITY,
    };
  } finally {
    redis.kill('SIGTERM');
  }
}

/** Peak resident memory (VmHWM) of a process and its children, in MB, from /proc. */
export function peakRssMb(pid: number): number {
  const hwm = (p: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
  let kb = hwm(pid);
  for (const entry of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) kb += hwm(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return Math.round(kb / 1024);
}

/** (e) a flood of commands at concurrency 20: all answered once, memory bounded (peak RSS printed). */
export async function flood(world: ChaosWorld, count: number): Promise<ScenarioResult & { peakRssMb: number; seconds: number }> {
  const bot = await world.start();
  const t0 = Date.now();
  const sent = await burst(world, { count, concurrency: 20, commandsOnly: true, target: () => bot });
  const t = await settle(world, sent, Math.max(120_000, count * 200));
  return { scenario: `flood of ${count} commands, concurrency 20`, notes: '', ...t, peakRssMb: peakRssMb(bot.child.pid!), seconds: Math.round((Date.now() - t0) / 1000) };
}
