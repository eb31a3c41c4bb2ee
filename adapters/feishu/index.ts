/**
 * The Feishu (Lark) platform: assembled from the settings, started in the configured connection mode —
 * a long connection (WSClient, no public URL needed) or webhooks on the HTTP server's PORT.
 */
import * as lark from '@larksuiteoapi/node-sdk';
import type { Config } from '../../src/config/env.ts';
import type { Logger } from '../../src/core/logger.ts';
import type { MessageHandler } from '../../src/core/messages.ts';
import { createHttpServer, type HttpServer } from '../../src/http/server.ts';
import { FeishuOpenApi } from './api.ts';
import { feishuDispatcher } from './dispatcher.ts';
import { FeishuHandler } from './handler.ts';
import type { Admission } from '../../src/inbox/types.ts';
import { FeishuIdentity } from './identity.ts';
import { FeishuPort } from './port.ts';
import type { SendLimiter } from './rate-limit.ts';
import type { RetryPolicy } from './retry.ts';
import { feishuSettings, type FeishuSettings } from './settings.ts';
import { sdkLogger } from './sdk-logger.ts';
import { feishuWebhook } from './webhook.ts';

export { FeishuPort } from './port.ts';
export type { FeishuSettings } from './settings.ts';

/** What the adapter needs of the runtime (structurally; adapters do not import the composition root). */
export interface FeishuRuntime {
  core: { bot: MessageHandler };
}

/** Knobs for tests and for a composition root that shares one HTTP server between platforms. */
export interface FeishuTuning {
  /** Mount the webhooks on this server instead of starting one on PORT. */
  http?: HttpServer | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  limiter?: SendLimiter | undefined;
  cardDeadlineMs?: number | undefined;
  /** The durable inbox (src/inbox); absent, events are handled in memory only. */
  admission?: Admission | undefined;
}

export interface FeishuAdapter {
  api: FeishuOpenApi;
  port: FeishuPort;
  identity: FeishuIdentity;
  handler: FeishuHandler;
  dispatcher: lark.EventDispatcher;
}

export function createFeishuAdapter(settings: FeishuSettings, bot: MessageHandler, logger: Logger, tuning: FeishuTuning = {}): FeishuAdapter {
  const api = new FeishuOpenApi({
    appId: settings.appId,
    appSecret: settings.appSecret,
    domain: settings.domain,
    logger,
    retry: tuning.retry,
    limiter: tuning.limiter,
  });
  const port = new FeishuPort(api);
  const identity = new FeishuIdentity(api, logger);
  const handler = new FeishuHandler({ bot, port, identity, logger, cardDeadlineMs: tuning.cardDeadlineMs, admission: tuning.admission });
  return { api, port, identity, handler, dispatcher: feishuDispatcher(handler, logger) };
}

export interface FeishuPlatform {
  /** For proactive messages (reminders, digests) from the jobs. */
  port: FeishuPort;
  adapter: FeishuAdapter;
  /** Stops receiving, then waits (up to `graceMs`) for accepted events to be answered. */
  stop(graceMs?: number): Promise<void>;
}

export const WEBHOOK_PATHS = { events: '/feishu/events', cards: '/feishu/cards' } as const;

export async function startFeishuPlatform(config: Config, runtime: FeishuRuntime, logger: Logger, tuning: FeishuTuning = {}): Promise<FeishuPlatform> {
  const settings = feishuSettings(config);
  const log = logger.child({ platform: 'feishu' });
  const adapter = createFeishuAdapter(settings, runtime.core.bot, log, tuning);
  const stopReceiving = settings.mode === 'ws' ? await startLongConnection(settings, adapter, log) : await startWebhooks(settings, adapter, log, tuning.http);
  // Learn the bot's own open_id now rather than on the first group message.
  void adapter.identity.botId();
  return {
    port: adapter.port,
    adapter,
    async stop(graceMs = 10_000) {
      await stopReceiving();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([adapter.handler.idle(), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
    },
  };
}

async function startLongConnection(settings: FeishuSettings, adapter: FeishuAdapter, logger: Logger): Promise<() => Promise<void>> {
  // The SDK silently does nothing with an App ID of another shape; say so instead.
  if (!/^cli_[0-9a-fA-F]{16}$/.test(settings.appId)) {
    throw new Error(`FEISHU_APP_ID "${settings.appId}" is not an App ID like cli_a1b2c3d4e5f60718 (developer console → Credentials & Basic Info)`);
  }
  const ws = new lark.WSClient({
    appId: settings.appId,
    appSecret: settings.appSecret,
    domain: settings.domain,
    logger: sdkLogger(logger),
    loggerLevel: lark.LoggerLevel.info,
    autoReconnect: true,
    onReady: () => logger.info({ domain: settings.domain }, 'Feishu: long connection established'),
    onReconnected: () => logger.info({}, 'Feishu: long connection re-established'),
    onError: (err) => logger.error({ err }, 'Feishu: long connection gave up'),
  });
  // Returns at once; the connection (and its reconnects) proceed in the background.
  await ws.start({ eventDispatcher: adapter.dispatcher });
  logger.info({ domain: settings.domain }, 'Feishu: connecting (long connection)');
  return async () => ws.close();
}

async function startWebhooks(settings: FeishuSettings, adapter: FeishuAdapter, logger: Logger, shared: HttpServer | undefined): Promise<() => Promise<void>> {
  if (!settings.encryptKey || !settings.verificationToken) {
    throw new Error('FEISHU_MODE=webhook needs FEISHU_ENCRYPT_KEY and FEISHU_VERIFICATION_TOKEN');
  }
  const webhook = feishuWebhook({ encryptKey: settings.encryptKey, verificationToken: settings.verificationToken, dispatcher: adapter.dispatcher, logger });
  const http = shared ?? createHttpServer();
  http.mount(WEBHOOK_PATHS.events, webhook);
  http.mount(WEBHOOK_PATHS.cards, webhook);
  if (shared) {
    logger.info({ paths: WEBHOOK_PATHS }, 'Feishu: webhooks mounted');
    return async () => undefined;
  }
  const port = await http.listen(settings.port);
  logger.info({ port, paths: WEBHOOK_PATHS }, 'Feishu: webhooks listening');
  return () => http.close();
}
