/**
 * The chaos scenarios of the reliability issue, each returning its tally: run small in CI
 * (test/chaos/chaos.test.ts) and at full size by `npm run chaos` (bench/chaos.ts).
 */
import type { KamProcess } from '../ops/support/kam-process.ts';
import { burst, settle, type ChaosWorld, type Tally } from './harness.ts';

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
  return { scenario: 'SIGTERM mid-burst, second process', notes: `${count} requests; first process exited ${code}`, ...t };
}
