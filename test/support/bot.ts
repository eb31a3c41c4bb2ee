/** A bot on a real test database, driven like a chat: say a line, get the replies as text. */
import { randomUUID } from 'node:crypto';
import { fixedClock, type Clock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { InboundMessage, Reply } from '../../src/core/messages.ts';
import type { Role } from '../../src/core/identity.ts';
import { buildCore, type Core } from '../../src/main.ts';
import { renderReply } from '../../adapters/console/render.ts';
import type { Store } from '../../src/persistence/connection.ts';

export interface TestUser {
  id: string;
  lang?: string;
  name?: string;
  email?: string;
}

export async function testCore(store: Store, opts: { clock?: Clock; now?: string; language?: 'zh-CN' | 'en' } = {}): Promise<Core> {
  return buildCore({
    store,
    logger: silentLogger,
    clock: opts.clock ?? fixedClock(opts.now ?? '2026-11-22T10:00:00+08:00'),
    defaults: { language: opts.language ?? 'zh-CN', timeZone: 'Asia/Shanghai' },
  });
}

export function textMessage(user: TestUser, text: string, eventId: string = randomUUID()): InboundMessage {
  return {
    eventId,
    platform: 'console',
    kind: 'text',
    conversation: { platform: 'console', channelId: user.id, direct: true },
    sender: { platformUserId: user.id, displayName: user.name, email: user.email },
    locale: user.lang,
    text,
  };
}

export const asText = (replies: Reply[]) => replies.map((r) => renderReply(r).text).join('\n');

/** Says one line as `user` and returns the replies rendered as console text. */
export async function say(core: Core, user: TestUser, text: string): Promise<string> {
  return asText(await core.bot.handle(textMessage(user, text)));
}

/** Makes the user (creating it on first contact) have a role. */
export async function withRole(core: Core, user: TestUser, role: Role): Promise<void> {
  await say(core, user, '/whoami');
  const actor = await core.services.users.findByHandle(user.id);
  if (!actor) throw new Error(`user ${user.id} was not created`);
  await core.services.users.setRole(actor.id, role);
}
