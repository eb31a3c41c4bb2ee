/**
 * The Open API calls the adapter makes, through the SDK's Client (which fetches and caches the tenant
 * access token). Every call is paced by the send limiter, given a deadline, and retried with back-off
 * when Feishu says "too fast" or the connection fails; message creation carries Feishu's `uuid`, so a
 * retried send is never shown twice.
 */
import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../src/core/logger.ts';
import { checkBody, FeishuApiError, toApiError } from './errors.ts';
import { SendLimiter } from './rate-limit.ts';
import type { OutboundMessage } from './render.ts';
import { defaultRetryPolicy, withRetry, type RetryPolicy } from './retry.ts';
import { sdkLogger } from './sdk-logger.ts';

export interface OpenApiOptions {
  appId: string;
  appSecret: string;
  domain: string;
  logger: Logger;
  retry?: Partial<RetryPolicy> | undefined;
  limiter?: SendLimiter | undefined;
  /** Per attempt; a hung connection counts as a failed attempt. */
  timeoutMs?: number | undefined;
}

export type ReceiveIdType = 'chat_id' | 'open_id';

export interface UserProfile {
  name?: string | undefined;
  email?: string | undefined;
}

type Body = { code?: unknown; msg?: unknown; data?: unknown; bot?: unknown };
type Request = { method: 'GET' | 'POST' | 'PATCH' | 'PUT'; url: string; params?: Record<string, string>; data?: unknown };

/** A token cache per client: the SDK's default cache is shared by every client in the process. */
type CacheKey = Parameters<lark.Cache['get']>[0];

class TokenCache implements lark.Cache {
  private readonly values = new Map<string, { value: unknown; expiresAt?: number | undefined }>();
  private key(key: CacheKey, namespace?: string) {
    return `${namespace ?? ''}:${String(key)}`;
  }
  async get(key: CacheKey, options?: { namespace?: string }) {
    const entry = this.values.get(this.key(key, options?.namespace));
    if (!entry || (entry.expiresAt !== undefined && entry.expiresAt <= Date.now())) return undefined;
    return entry.value;
  }
  async set(key: CacheKey, value: unknown, expiresAt?: number, options?: { namespace?: string }) {
    this.values.set(this.key(key, options?.namespace), { value, expiresAt });
    return true;
  }
}

export class FeishuOpenApi {
  private readonly client: lark.Client;
  private readonly policy: RetryPolicy;
  private readonly limiter: SendLimiter;
  private readonly timeoutMs: number;

  constructor(private readonly opts: OpenApiOptions) {
    this.client = new lark.Client({
      appId: opts.appId,
      appSecret: opts.appSecret,
      domain: opts.domain,
      appType: lark.AppType.SelfBuild,
      cache: new TokenCache(),
      logger: sdkLogger(opts.logger, { quiet: true }),
      loggerLevel: lark.LoggerLevel.warn,
    });
    this.policy = { ...defaultRetryPolicy, ...opts.retry };
    this.limiter = opts.limiter ?? new SendLimiter();
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  /** Sends a message; returns its message_id. `uuid` makes the send idempotent for an hour. */
  async createMessage(idType: ReceiveIdType, receiveId: string, msg: OutboundMessage, uuid: string): Promise<string> {
    const body = await this.call('im.message.create', receiveId, {
      method: 'POST',
      url: '/open-apis/im/v1/messages',
      params: { receive_id_type: idType },
      data: { receive_id: receiveId, msg_type: msg.msgType, content: msg.content, uuid },
    });
    return messageIdOf(body, 'im.message.create');
  }

  /** Answers inside a topic thread, by replying to its root message. */
  async replyInThread(rootId: string, target: string, msg: OutboundMessage, uuid: string): Promise<string> {
    const body = await this.call('im.message.reply', target, {
      method: 'POST',
      url: `/open-apis/im/v1/messages/${encodeURIComponent(rootId)}/reply`,
      data: { msg_type: msg.msgType, content: msg.content, reply_in_thread: true, uuid },
    });
    return messageIdOf(body, 'im.message.reply');
  }

  /** Replaces a card's content (only interactive messages can be patched). */
  async patchCard(messageId: string, content: string): Promise<void> {
    await this.call('im.message.patch', `message:${messageId}`, {
      method: 'PATCH',
      url: `/open-apis/im/v1/messages/${encodeURIComponent(messageId)}`,
      data: { content },
    });
  }

  /** Edits a text or post message the bot sent. */
  async editMessage(messageId: string, msg: OutboundMessage): Promise<void> {
    await this.call('im.message.update', `message:${messageId}`, {
      method: 'PUT',
      url: `/open-apis/im/v1/messages/${encodeURIComponent(messageId)}`,
      data: { msg_type: msg.msgType, content: msg.content },
    });
  }

  async messageType(messageId: string): Promise<string | undefined> {
    const body = await this.call('im.message.get', null, { method: 'GET', url: `/open-apis/im/v1/messages/${encodeURIComponent(messageId)}` });
    const items = (body.data as { items?: Array<{ msg_type?: unknown }> } | undefined)?.items;
    const type = items?.[0]?.msg_type;
    return typeof type === 'string' ? type : undefined;
  }

  async uploadImage(png: Uint8Array): Promise<string> {
    const form = new FormData();
    form.append('image_type', 'message');
    form.append('image', new Blob([png], { type: 'image/png' }), 'chart.png');
    const body = await this.call('im.image.create', null, { method: 'POST', url: '/open-apis/im/v1/images', data: form });
    const key = (body.data as { image_key?: unknown } | undefined)?.image_key;
    if (typeof key !== 'string') throw new FeishuApiError('im.image.create', 200, undefined, 'no image_key in the answer');
    return key;
  }

  async botInfo(): Promise<{ openId: string; name?: string | undefined }> {
    const body = await this.call('bot.info', null, { method: 'GET', url: '/open-apis/bot/v3/info' });
    const bot = body.bot as { open_id?: unknown; app_name?: unknown } | undefined;
    if (typeof bot?.open_id !== 'string') throw new FeishuApiError('bot.info', 200, undefined, 'no open_id in the answer');
    return { openId: bot.open_id, name: typeof bot.app_name === 'string' ? bot.app_name : undefined };
  }

  /** Name and email of a user; fields the app may not read are simply absent. */
  async userProfile(openId: string): Promise<UserProfile> {
    const body = await this.call('contact.user.get', null, {
      method: 'GET',
      url: `/open-apis/contact/v3/users/${encodeURIComponent(openId)}`,
      params: { user_id_type: 'open_id' },
    });
    const user = (body.data as { user?: Record<string, unknown> } | undefined)?.user ?? {};
    const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
    return { name: str(user['name']), email: str(user['email']) ?? str(user['enterprise_email']) };
  }

  private call(operation: string, target: string | null, request: Request): Promise<Body> {
    return withRetry(
      operation,
      async () => {
        if (target !== null) await this.limiter.acquire(target);
        const body = await this.withDeadline(operation, this.client.request<Body>(request)).catch((error: unknown) => {
          throw toApiError(operation, error);
        });
        return checkBody(operation, body);
      },
      this.policy,
      (error, attempt, delayMs) => {
        this.opts.logger.warn({ operation, attempt, delayMs, status: error.status, code: error.code }, 'Feishu API call failed; retrying');
      },
    );
  }

  private async withDeadline<T>(operation: string, pending: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new FeishuApiError(operation, undefined, undefined, `no answer within ${this.timeoutMs} ms`, undefined, true)), this.timeoutMs);
    });
    try {
      return await Promise.race([pending, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function messageIdOf(body: Body, operation: string): string {
  const id = (body.data as { message_id?: unknown } | undefined)?.message_id;
  if (typeof id !== 'string') throw new FeishuApiError(operation, 200, undefined, 'no message_id in the answer');
  return id;
}
