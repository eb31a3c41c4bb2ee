/**
 * Where the answers to one inbound interaction go. Slack offers three ways back and each surface allows
 * only some: a response_url (slash commands, shortcuts, ephemeral messages: answers only the user sees), a
 * channel or thread (DMs, mentions, buttons on ordinary messages), or the user's DM (App Home, modals whose
 * origin is gone). Serializable, because a modal carries it until it is submitted.
 */
import { z } from 'zod';

export const originSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('url'), url: z.url(), user: z.string(), team: z.string().optional(), channel: z.string().optional() }),
  z.object({
    kind: z.literal('channel'),
    channel: z.string(),
    thread: z.string().optional(),
    user: z.string(),
    team: z.string().optional(),
    dm: z.boolean(),
  }),
  z.object({ kind: z.literal('dm'), user: z.string(), team: z.string().optional() }),
]);

export type Origin = z.infer<typeof originSchema>;

/** Slack DM channel ids start with D; user ids with U or W. */
export const isDmChannel = (channelId: string | undefined): boolean => channelId?.startsWith('D') === true;

/** The same user's DM with the bot: where answers go when the original place cannot be reached. */
export const dmOf = (origin: Origin): Origin => ({ kind: 'dm', user: origin.user, team: origin.team });
