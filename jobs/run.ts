/**
 * One run of one job for one team at one instant: plan, then claim in the ledger. Both drivers, the CLI and the
 * tests go through here; what is sent is always what the ledger holds.
 */
import { carriedEntry, type DeliveryRef, type NewDelivery } from '../src/persistence/deliveries.ts';
import { planContext, type JobDefinition, type JobEnv } from './context.ts';
import { loadMembers, type TeamInfo } from './people.ts';
import { deliveryKey, type PlannedDelivery } from './types.ts';

export interface RunPlan {
  team: TeamInfo;
  planned: PlannedDelivery[];
  /** Keys this run inserted into the ledger. */
  claimed: string[];
  /**
   * Planned keys not sent yet (claimed now, or left unsent by an earlier run): what to send. Those claimed now
   * carry what to send, so their first sender need not read the ledger.
   */
  unsent: DeliveryRef[];
}

export async function planAndClaim(env: JobEnv, def: JobDefinition, team: TeamInfo, now: Date, opts: { force?: boolean } = {}): Promise<RunPlan> {
  const members = await loadMembers(env.models, team, env.people);
  const ctx = planContext(env, def.name, def.slots, team, members, now, opts.force ?? false);
  const byKey = new Map<string, PlannedDelivery>();
  for (const d of await def.plan(ctx)) if (!byKey.has(deliveryKey(d))) byKey.set(deliveryKey(d), d);
  const planned = [...byKey.values()];
  const entries: NewDelivery[] = planned.map((d) => ({ ...d, key: deliveryKey(d), planFor: now }));
  const claimed = await env.ledger.claim(entries, new Date());
  // What this run claimed is unsent by definition; only keys claimed earlier need a look.
  const fresh = new Set(claimed);
  const earlier = await env.ledger.unsent([...byKey.keys()].filter((k) => !fresh.has(k)));
  const unsent = [...entries.filter((e) => fresh.has(e.key)).map((e) => ({ key: e.key, platform: e.ref.platform, carried: carriedEntry(e) })), ...earlier];
  env.logger.info({ job: def.name, team: team.name, at: now.toISOString(), planned: planned.length, claimed: claimed.length, unsent: unsent.length }, 'job planned');
  return { team, planned, claimed, unsent };
}
