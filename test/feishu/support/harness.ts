/**
 * The Feishu adapter on a real test database, started in webhook mode against the fake Open API, driven
 * by encrypted, signed requests like Feishu's own. `say` and `press` wait until the adapter has finished
 * the work it does after answering, then read what arrived in the chat.
 */
import { unaddressed } from '../../../src/core/addressed.ts';
import { randomUUID } from 'node:crypto';
import { startFeishuPlatform, type FeishuPlatform } from '../../../adapters/feishu/index.ts';
import { parseConfig } from '../../../src/config/env.ts';
import type { Clock } from '../../../src/core/clock.ts';
import { silentLogger, type Logger } from '../../../src/core/logger.ts';
import type { MessageHandler } from '../../../src/core/messages.ts';
import { createHttpServer, type HttpServer } from '../../../src/http/server.ts';
import type { Core } from '../../../src/main.ts';
import type { Store } from '../../../src/persistence/connection.ts';
import { testCore } from '../../support/bot.ts';
import { openTestStore } from '../../support/store.ts';
import { cardButtons, cardFormFields, cardText, messageText, type CardButton } from './card-text.ts';
import { APP_ID, APP_SECRET, cardActionEvent, ENCRYPT_KEY, messageEvent, p2pChatOf, VERIFICATION_TOKEN, type MentionSpec } from './events.ts';
import { BOT_OPEN_ID, FakeFeishu, type FakeUser, type StoredMessage } from './fake-feishu.ts';
import { LarkSender, type PostResult } from './lark-requests.ts';

export interface HarnessOptions {
  users?: FakeUser[];
  clock?: Clock;
  /** Wraps the core's handler (e.g. to make it slow). */
  wrapBot?: (bot: MessageHandler) => MessageHandler;
  cardDeadlineMs?: number;
  logger?: Logger;
}

export interface SayOptions {
  eventId?: string;
  /** A group chat id: the text is sent there, @mentioning the bot first. */
  group?: string;
  /** Group message without the bot's mention. */
  noMention?: boolean;
  /** Other people mentioned (their placeholders are in `text`). */
  mentions?: MentionSpec[];
  messageType?: string;
  content?: object;
}

export interface PressOptions {
  chatId?: string;
  /** The button's value must be this one too (several cards with the same action). */
  value?: string;
  /** Form fields to change before submitting (the rest keep their pre-filled values). */
  form?: Record<string, string>;
  eventId?: string;
}

export interface PressResult {
  status: number;
  ms: number;
  answer: { toast?: { content?: string }; card?: { type: string; data: Record<string, unknown> } };
  /** The answer's card, its toast and any new messages, as the user reads them. */
  text: string;
}

export interface FeishuHarness {
  store: Store & { drop(): Promise<void> };
  core: Core;
  fake: FakeFeishu;
  platform: FeishuPlatform;
  sender: LarkSender;
  say(user: FakeUser, text: string, opts?: SayOptions): Promise<string>;
  /** Posts an event (already built) to /feishu/events and waits for the work after it. */
  post(path: '/feishu/events' | '/feishu/cards', payload: object, opts?: Parameters<LarkSender['post']>[2]): Promise<PostResult>;
  press(user: FakeUser, actionId: string, opts?: PressOptions): Promise<PressResult>;
  /** Presses a given button of a given message, whatever the card shows now (e.g. an older copy). */
  pressButton(user: FakeUser, chatId: string, messageId: string, button: CardButton, opts?: PressOptions): Promise<PressResult>;
  /** Text of every message in a chat since `since` (a count from `fake.messagesIn(chat).length`). */
  textSince(chatId: string, since: number): string;
  idle(): Promise<void>;
  close(): Promise<void>;
}

export const BOT_MENTION: MentionSpec = { key: '@_user_1', openId: BOT_OPEN_ID, name: 'KAM Bot' };

export async function feishuHarness(testFile: string, opts: HarnessOptions = {}): Promise<FeishuHarness> {
  const store = await openTestStore(testFile);
  const core = await testCore(store, opts.clock ? { clock: opts.clock } : {});
  const fake = await FakeFeishu.start(APP_ID, APP_SECRET, opts.users ?? []);
  const http: HttpServer = createHttpServer();
  const httpPort = await http.listen(0, '127.0.0.1');
  const parsed = parseConfig(
    {
      FEISHU_APP_ID: APP_ID,
      FEISHU_APP_SECRET: APP_SECRET,
      FEISHU_MODE: 'webhook',
      FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
      FEISHU_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
      FEISHU_DOMAIN: fake.url,
    },
    process.cwd(),
  );
  if (!parsed.ok) throw new Error(`bad test config: ${JSON.stringify(parsed.problems)}`);
  const bot = opts.wrapBot ? opts.wrapBot(core.bot) : core.bot;
  const platform = await startFeishuPlatform(parsed.config, { core: { bot } }, opts.logger ?? silentLogger, {
    http,
    retry: { baseDelayMs: 10, maxDelayMs: 200 },
    cardDeadlineMs: opts.cardDeadlineMs,
  });
  const sender = new LarkSender(`http://127.0.0.1:${httpPort}`, ENCRYPT_KEY);
  const idle = () => platform.adapter.handler.idle();

  const textSince = (chatId: string, since: number) =>
    fake
      .messagesIn(chatId)
      .slice(since)
      .map((m) => messageText(m.msgType, m.content))
      .join('\n');

  const post = async (path: '/feishu/events' | '/feishu/cards', payload: object, postOpts?: Parameters<LarkSender['post']>[2]) => {
    const result = await sender.post(path, payload, postOpts);
    await idle();
    return result;
  };

  function latestWithButton(chatId: string, actionId: string, value: string | undefined): StoredMessage {
    const found = fake
      .messagesIn(chatId)
      .reverse()
      .find((m) => m.msgType === 'interactive' && cardButtons(JSON.parse(m.content)).some((b) => b.value.action === actionId && (value === undefined || unaddressed(b.value.value) === value)));
    if (!found) throw new Error(`no card with a ${actionId} button in ${chatId}`);
    return found;
  }

  async function pressButton(user: FakeUser, chatId: string, messageId: string, button: CardButton, card: Record<string, unknown>, pressOpts: PressOptions): Promise<PressResult> {
    // Feishu submits every field of the form, date pickers as "yyyy-MM-dd +0800".
    const formValue = button.submits
      ? Object.fromEntries(
          cardFormFields(card).map((f) => {
            const v = pressOpts.form?.[f.name] ?? f.initial ?? '';
            return [f.name, f.tag === 'date_picker' && v ? `${v} +0800` : v];
          }),
        )
      : undefined;
    const since = fake.messagesIn(chatId).length;
    const event = cardActionEvent({ operatorOpenId: user.openId, messageId, chatId, value: button.value, formValue, eventId: pressOpts.eventId ?? randomUUID(), tag: 'button' });
    const result = await sender.post('/feishu/cards', event);
    const answer = result.body as PressResult['answer'];
    if (answer.card) fake.applyCallbackCard(messageId, answer.card.data);
    await idle();
    const parts = [answer.card ? cardText(answer.card.data) : '', answer.toast?.content ?? '', textSince(chatId, since)];
    return { status: result.status, ms: result.ms, answer, text: parts.filter(Boolean).join('\n') };
  }

  return {
    store,
    core,
    fake,
    platform,
    sender,
    post,
    textSince,
    idle,
    async say(user, text, sayOpts = {}) {
      const chatId = sayOpts.group ?? p2pChatOf(user.openId);
      const mention = sayOpts.group && !sayOpts.noMention;
      const since = fake.messagesIn(chatId).length;
      const event = messageEvent({
        senderOpenId: user.openId,
        chatId,
        chatType: sayOpts.group ? 'group' : 'p2p',
        messageType: sayOpts.messageType,
        content: sayOpts.content ?? { text: mention ? `${BOT_MENTION.key} ${text}` : text },
        mentions: [...(mention ? [BOT_MENTION] : []), ...(sayOpts.mentions ?? [])],
        eventId: sayOpts.eventId,
      });
      const result = await post('/feishu/events', event);
      if (result.status !== 200) throw new Error(`webhook answered ${result.status}`);
      return textSince(chatId, since);
    },
    async press(user, actionId, pressOpts = {}) {
      const chatId = pressOpts.chatId ?? p2pChatOf(user.openId);
      const message = latestWithButton(chatId, actionId, pressOpts.value);
      const card = JSON.parse(message.content) as Record<string, unknown>;
      const button = cardButtons(card).find((b) => b.value.action === actionId && (pressOpts.value === undefined || unaddressed(b.value.value) === pressOpts.value));
      if (!button) throw new Error('button vanished');
      return pressButton(user, chatId, message.messageId, button, card, pressOpts);
    },
    pressButton: (user, chatId, messageId, button, pressOpts = {}) => {
      const card = JSON.parse(fake.messages.get(messageId)?.content ?? '{}') as Record<string, unknown>;
      return pressButton(user, chatId, messageId, button, card, pressOpts);
    },
    async close() {
      await platform.stop();
      await http.close();
      await fake.close();
      await store.drop();
    },
  };
}
