/**
 * The Slack adapter: a Bolt app whose listeners translate Slack's surfaces into neutral messages. HTTP mode
 * exposes one request listener for everything Slack posts (events, commands, interactivity, options) at
 * /slack/events: timestamps checked first (request-window.ts), signatures by Bolt's HTTPReceiver, each request
 * answered once its listener returns (`processBeforeResponse`: listeners store the request in the inbox,
 * acknowledge, and leave the work for later); Socket Mode connects out with the app token.
 */
import type { RequestListener } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver, type webApi } from '@slack/bolt';
import type { Logger } from '../../src/core/logger.ts';
import type { MessageHandler } from '../../src/core/messages.ts';
import { boltLogger } from './bolt-logger.ts';
import { webClientOptions } from './client-options.ts';
import type { HomeFor, SlackContext, SuggestCustomers } from './context.ts';
import { CoreSlots } from './core-slots.ts';
import { Deliverer } from './deliver.ts';
import { senderLookup } from './identity.ts';
import { registerActions } from './listeners/actions.ts';
import { registerCommands } from './listeners/commands.ts';
import { registerHome } from './listeners/home.ts';
import { registerMessages } from './listeners/messages.ts';
import { registerShortcuts } from './listeners/shortcuts.ts';
import { registerSuggestions } from './listeners/suggestions.ts';
import { registerViews } from './listeners/views.ts';
import { SlackOutbound } from './outbound.ts';
import { SlackPort } from './port.ts';
import { slackInboxProcessor } from './inbox.ts';
import type { Admission } from '../../src/inbox/types.ts';
import { withRequestWindow } from './request-window.ts';
import { BackgroundTasks } from './tasks.ts';

export const SLACK_EVENTS_PATH = '/slack/events';

export type SlackConnection = { mode: 'http'; signingSecret: string } | { mode: 'socket'; appToken: string };

export interface SlackAdapterOptions {
  botToken: string;
  connection: SlackConnection;
  /** Web API base URL (SLACK_API_URL); Slack's own when absent. */
  apiUrl?: string | undefined;
  bot: MessageHandler;
  logger: Logger;
  suggestCustomers?: SuggestCustomers | undefined;
  homeFor?: HomeFor | undefined;
  retry?: webApi.RetryOptions | undefined;
  userCacheTtlMs?: number | undefined;
  submitBudgetMs?: number | undefined;
  /** How many messages the core works on at once for Slack (see core-slots.ts). */
  coreConcurrency?: number | undefined;
  /** The durable inbox: requests are stored before they are acknowledged (absent: in memory only). */
  admission?: Admission | undefined;
  /** The clock HTTP requests' timestamps are checked against (ms since the epoch); the system's when absent. */
  now?: (() => number) | undefined;
}

export interface SlackAdapter {
  readonly app: App;
  readonly port: SlackPort;
  /** HTTP mode: the handler to mount for SLACK_EVENTS_PATH; null in Socket Mode. */
  readonly requestListener: RequestListener | null;
  /** Checks the token (auth.test) and, in Socket Mode, connects. */
  start(): Promise<void>;
  /** Resolves when the work acknowledged so far is done. */
  drain(): Promise<void>;
  /** Disconnects (Socket Mode) after the work in progress is done. */
  stop(): Promise<void>;
}

export function createSlackAdapter(opts: SlackAdapterOptions): SlackAdapter {
  const logger = opts.logger.child({ platform: 'slack' });
  const bolt = boltLogger(logger);
  const clientOptions = webClientOptions({ apiUrl: opts.apiUrl, retry: opts.retry, logger: bolt });
  const http =
    opts.connection.mode === 'http'
      ? new HTTPReceiver({ signingSecret: opts.connection.signingSecret, endpoints: SLACK_EVENTS_PATH, logger: bolt, processBeforeResponse: true })
      : null;
  const receiver =
    http ?? new SocketModeReceiver({ appToken: (opts.connection as { appToken: string }).appToken, logger: bolt, installerOptions: { clientOptions } });
  const app = new App({
    token: opts.botToken,
    receiver,
    socketMode: http === null,
    logger: bolt,
    clientOptions,
    convoStore: false,
    deferInitialization: true,
  });
  app.error(async (error) => logger.error({ err: error }, 'Bolt could not process a Slack request'));

  const outbound = new SlackOutbound(app.client);
  const tasks = new BackgroundTasks(logger);
  const ctx: SlackContext = {
    bot: opts.bot,
    coreSlots: new CoreSlots(opts.coreConcurrency),
    lookupSender: senderLookup(app.client, logger, { ttlMs: opts.userCacheTtlMs }),
    deliverer: new Deliverer(outbound, logger, { typeahead: opts.suggestCustomers !== undefined }),
    outbound,
    tasks,
    logger,
    suggestCustomers: opts.suggestCustomers,
    homeFor: opts.homeFor,
    submitBudgetMs: opts.submitBudgetMs ?? 2500,
    admission: opts.admission,
  };
  opts.admission?.register('slack', slackInboxProcessor(ctx));
  for (const register of [registerCommands, registerMessages, registerActions, registerViews, registerSuggestions, registerShortcuts, registerHome]) {
    register(app, ctx);
  }

  return {
    app,
    port: new SlackPort(outbound),
    requestListener: http ? withRequestWindow(http.requestListener, { logger, now: opts.now }) : null,
    async start() {
      await app.init();
      if (!http) await app.start();
    },
    drain: () => tasks.drain(),
    async stop() {
      await tasks.drain();
      if (!http) await app.stop();
    },
  };
}
