/** Slack users made known to the core (first contact), and customers for them. */
import { seedCustomer } from '../../support/seed.ts';
import type { FakeUser } from './fake-slack.ts';
import type { SlackHarness } from './harness.ts';

/** Has the user talk to the bot once, so the core creates them; returns their KAM user id. */
export async function meet(h: SlackHarness, user: FakeUser): Promise<string> {
  await h.command(user, '/whoami', '');
  await h.settle();
  h.take();
  const doc = await h.store.models.User.findOne({ slackId: user.id }).lean();
  if (!doc) throw new Error(`${user.id} was not created on first contact`);
  return String(doc._id);
}

export async function customerFor(h: SlackHarness, ownerId: string, name: string, aliases: string[] = []): Promise<string> {
  return seedCustomer(h.store, { name, aliases, ownerId });
}
