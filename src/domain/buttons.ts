/**
 * Who may press a button: the person whose record it acts on (the rep whose visit, note or callback card it
 * is). Anyone else who can see the card — a colleague or a supervisor in a group chat — is refused with the
 * owner's name and nothing changes; leads act on a rep's records with typed commands, which check scope.
 */
import { KamError } from '../core/errors.ts';
import type { Ctx } from './context.ts';

/** Throws `notYourButton` unless the record's owner (null: none known) is the one pressing. */
export async function ownButton(ctx: Ctx, ownerId: string | null | undefined): Promise<void> {
  if (!ownerId || ownerId === ctx.actor.id) return;
  const names = await ctx.services.users.names([ownerId]);
  throw new KamError('notYourButton', { owner: names.get(ownerId) ?? '?' });
}
