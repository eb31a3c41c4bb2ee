/**
 * Who may press a button. Every button the bot sends is addressed to its recipient (core/addressed.ts); on
 * top of that, buttons about a personal record — a visit, a kept note, an undo — act only for the person who
 * made it, whoever the card was shown to. Anyone else is refused with the owner's name and nothing changes.
 * (Callback buttons follow the presser's scope, so a supervisor can close a team member's callback.)
 */
import { KamError } from '../core/errors.ts';
import type { Ctx } from './context.ts';

/** Throws `notYourButton` unless the record's owner (null: none known) is the one pressing. */
export async function ownButton(ctx: Ctx, ownerId: string | null | undefined): Promise<void> {
  if (!ownerId || ownerId === ctx.actor.id) return;
  const names = await ctx.services.users.names([ownerId]);
  throw new KamError('notYourButton', { owner: names.get(ownerId) ?? '?' });
}
