/**
 * Starting Slack from the composition root: the adapter built from the configuration, mounted on the HTTP
 * server (HTTP mode) or connected (Socket Mode). The typeahead and the App Home content are features of
 * the core that src/main.ts passes in; without them the customer field is plain text and the home tab
 * shows the help.
 */
import type { Config } from '../../src/config/env.ts';
import type { Logger } from '../../src/core/logger.ts';
import type { ChatPort, MessageHandler } from '../../src/core/messages.ts';
import { createHttpServer, type HttpServer } from '../../src/http/server.ts';
import { createSlackAdapter, SLACK_EVENTS_PATH, type SlackAdapter } from './app.ts';
import type { HomeFor, SuggestCustomers } from './context.ts';
import type { Admission } from '../../src/inbox/types.ts';

export { createSlackAdapter, SLACK_EVENTS_PATH, type SlackAdapter, type SlackAdapterOptions } from './app.ts';
export type { HomeFor, SuggestCustomers } from './context.ts';
export { slashCommands } from './slash-commands.ts';

export interface SlackWiring {
  /** The process's one HTTP server; without it Slack starts its own on PORT (with /healthz). */
  http?: Pick<HttpServer, 'mount'> | undefined;
  suggestCustomers?: SuggestCustomers | undefined;
  homeFor?: HomeFor | undefined;
  admission?: Admission | undefined;
}

export interface RunningSlack {
  adapter: SlackAdapter;
  port: ChatPort;
  stop(): Promise<void>;
}

export async function startSlackPlatform(
  config: Config,
  runtime: { core: { bot: MessageHandler } },
  logger: Logger,
  wiring: SlackWiring = {},
): Promise<RunningSlack> {
  const { env } = config;
  if (!env.SLACK_BOT_TOKEN) throw new Error('Slack is not configured: SLACK_BOT_TOKEN is missing');
  const socket = config.platforms.slack?.mode === 'socket' && env.SLACK_APP_TOKEN;
  if (!socket && !env.SLACK_SIGNING_SECRET) throw new Error('Slack HTTP mode needs SLACK_SIGNING_SECRET');
  const adapter = createSlackAdapter({
    botToken: env.SLACK_BOT_TOKEN,
    connection: socket ? { mode: 'socket', appToken: socket } : { mode: 'http', signingSecret: env.SLACK_SIGNING_SECRET ?? '' },
    apiUrl: env.SLACK_API_URL,
    bot: runtime.core.bot,
    logger,
    suggestCustomers: wiring.suggestCustomers,
    homeFor: wiring.homeFor,
    admission: wiring.admission,
  });
  await adapter.start();

  let ownServer: HttpServer | null = null;
  if (adapter.requestListener) {
    const listener = adapter.requestListener;
    const server = wiring.http ?? (ownServer = createHttpServer());
    server.mount(SLACK_EVENTS_PATH, (req, res) => listener(req, res));
    if (ownServer) await ownServer.listen(env.PORT);
  }
  logger.info({ mode: socket ? 'socket' : 'http', path: socket ? undefined : SLACK_EVENTS_PATH, port: socket ? undefined : env.PORT }, 'Slack is listening');

  return {
    adapter,
    port: adapter.port,
    async stop() {
      await ownServer?.close();
      await adapter.stop();
    },
  };
}
