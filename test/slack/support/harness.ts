/**
 * The Slack adapter running for real: Bolt's HTTP receiver on the app's HTTP server on a free port, the core
 * on a fresh test database, the Web API pointed at a FakeSlack. Requests are built like Slack's and signed
 * with the signing secret; `settle()` waits for the work the adapter does after acknowledging.
 */
import { randomUUID } from 'node:crypto';
import { createSlackAdapter, SLACK_EVENTS_PATH, type SlackAdapter, type SlackAdapterOptions } from '../../../adapters/slack/index.ts';
import { neutralActionId } from '../../../adapters/slack/render/action-ids.ts';
import { fixedClock, type Clock } from '../../../src/core/clock.ts';
import { silentLogger, type Logger } from '../../../src/core/logger.ts';
import { createHttpServer, type HttpServer } from '../../../src/http/server.ts';
import type { Core } from '../../../src/main.ts';
import { testCore } from '../../support/bot.ts';
import { openTestStore } from '../../support/store.ts';
import { buttonsOf, callText } from './blocks-text.ts';
import { BOT_USER_ID, FakeSlack, TEAM_ID, type ApiCall, type FakeUser } from './fake-slack.ts';
import { FORM, formBody, JSON_TYPE, payloadBody, postSigned, SIGNING_SECRET, type SignOptions } from './signed.ts';

type TestStore = Awaited<ReturnType<typeof openTestStore>>;

export interface HarnessOptions {
  testFile: string;
  clock?: Clock;
  logger?: Logger;
  adapter?: Partial<Pick<SlackAdapterOptions, 'suggestCustomers' | 'homeFor' | 'retry' | 'submitBudgetMs' | 'userCacheTtlMs'>>;
}

/** Methods whose calls put something in front of the user. */
const VISIBLE = new Set(['chat.postMessage', 'chat.postEphemeral', 'response_url', 'views.open', 'views.update', 'views.publish']);

export const dmChannelOf = (userId: string) => `D${userId.slice(1)}`;

export class SlackHarness {
  /** response_url id → the channel of the interaction that got it. */
  private readonly urlChannels = new Map<string, string>();
  private mark = 0;

  private constructor(
    readonly store: TestStore,
    readonly core: Core,
    readonly fake: FakeSlack,
    readonly adapter: SlackAdapter,
    private readonly http: HttpServer,
    readonly url: string,
  ) {}

  static async start(opts: HarnessOptions): Promise<SlackHarness> {
    const store = await openTestStore(opts.testFile);
    const core = await testCore(store, { clock: opts.clock ?? fixedClock('2026-11-18T10:00:00+08:00') });
    const fake = await new FakeSlack().start();
    const adapter = createSlackAdapter({
      botToken: 'xoxb-test-token',
      connection: { mode: 'http', signingSecret: SIGNING_SECRET },
      apiUrl: fake.apiUrl,
      bot: core.bot,
      logger: opts.logger ?? silentLogger,
      retry: { retries: 2, minTimeout: 10, maxTimeout: 50 },
      ...opts.adapter,
    });
    await adapter.start();
    const http = createHttpServer();
    const listener = adapter.requestListener;
    if (!listener) throw new Error('HTTP mode has a request listener');
    http.mount(SLACK_EVENTS_PATH, (req, res) => listener(req, res));
    const port = await http.listen(0, '127.0.0.1');
    return new SlackHarness(store, core, fake, adapter, http, `http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`);
  }

  addUser(user: FakeUser): FakeUser {
    this.fake.addUser(user);
    return user;
  }

  async close(): Promise<void> {
    await this.adapter.stop();
    await this.http.close();
    await this.fake.close();
    await this.store.drop();
  }

  /** Waits until the adapter has finished what it acknowledged. */
  settle(): Promise<void> {
    return this.adapter.drain();
  }

  /** Calls since the previous `take()`, then moves the mark. */
  take(): ApiCall[] {
    const calls = this.fake.calls.slice(this.mark);
    this.mark = this.fake.calls.length;
    return calls;
  }

  /** What the user was shown since the previous `take()`, as text. */
  shown(): string {
    return this.take()
      .filter((c) => VISIBLE.has(c.method))
      .map(callText)
      .join('\n');
  }

  private responseUrl(channel: string): string {
    const url = this.fake.responseUrl();
    this.urlChannels.set(url.split('/').pop() as string, channel);
    return url;
  }

  command(user: FakeUser, command: string, text: string, opts: { triggerId?: string; channel?: string; sign?: SignOptions } = {}): Promise<Response> {
    const channel = opts.channel ?? dmChannelOf(user.id);
    const body = formBody({
      token: 'verification-token-unused',
      team_id: TEAM_ID,
      team_domain: 'kam-test',
      channel_id: channel,
      channel_name: channel.startsWith('D') ? 'directmessage' : 'sales',
      user_id: user.id,
      user_name: user.name,
      command,
      text,
      api_app_id: 'A0KAM',
      is_enterprise_install: 'false',
      response_url: this.responseUrl(channel),
      trigger_id: opts.triggerId ?? `${Date.now()}.${randomUUID()}`,
    });
    return postSigned(this.url, body, FORM, opts.sign);
  }

  event(event: Record<string, unknown>, opts: { eventId?: string; sign?: SignOptions } = {}): Promise<Response> {
    const body = JSON.stringify({
      token: 'verification-token-unused',
      team_id: TEAM_ID,
      api_app_id: 'A0KAM',
      event,
      type: 'event_callback',
      event_id: opts.eventId ?? `Ev${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ enterprise_id: null, team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
    });
    return postSigned(this.url, body, JSON_TYPE, opts.sign);
  }

  private nextTs = 1_800_000_000;
  private ts(): string {
    return `${++this.nextTs}.000100`;
  }

  dm(user: FakeUser, text: string, opts: { eventId?: string; sign?: SignOptions } = {}): Promise<Response> {
    const ts = this.ts();
    return this.event({ type: 'message', channel: dmChannelOf(user.id), user: user.id, text, ts, event_ts: ts, channel_type: 'im', team: TEAM_ID }, opts);
  }

  mention(user: FakeUser, text: string, opts: { channel?: string; threadTs?: string; eventId?: string } = {}): Promise<Response> {
    const ts = this.ts();
    const event = { type: 'app_mention', channel: opts.channel ?? 'C0SALES', user: user.id, text: `<@${BOT_USER_ID}> ${text}`, ts, event_ts: ts, thread_ts: opts.threadTs, team: TEAM_ID };
    return this.event(event, opts);
  }

  homeOpened(user: FakeUser): Promise<Response> {
    return this.event({ type: 'app_home_opened', user: user.id, channel: dmChannelOf(user.id), tab: 'home', event_ts: this.ts() });
  }

  /** Presses a button the adapter sent in `call`, as Slack reports the click. */
  click(user: FakeUser, call: ApiCall, actionId: string, opts: { triggerId?: string } = {}): Promise<Response> {
    const button = buttonsOf(call).find((b) => neutralActionId(b.action_id) === actionId);
    if (!button) throw new Error(`no ${actionId} button in that ${call.method}`);
    const base = {
      type: 'block_actions',
      user: { id: user.id, username: user.name, name: user.name, team_id: TEAM_ID },
      api_app_id: 'A0KAM',
      token: 'verification-token-unused',
      trigger_id: opts.triggerId ?? `${Date.now()}.${randomUUID()}`,
      team: { id: TEAM_ID, domain: 'kam-test' },
      enterprise: null,
      is_enterprise_install: false,
      state: { values: {} },
      actions: [{ type: 'button', action_id: button.action_id, block_id: 'b1', text: { type: 'plain_text', text: 'x' }, value: button.value, action_ts: String(Date.now() / 1000) }],
    };
    let where: Record<string, unknown>;
    if (call.method === 'views.publish') {
      where = { container: { type: 'view', view_id: 'VHOME' }, view: { id: 'VHOME', type: 'home', blocks: call.args['view'].blocks, private_metadata: '', callback_id: '', state: { values: {} }, hash: 'h' } };
    } else if (call.method === 'chat.postMessage') {
      const channel = String(call.args['channel']);
      const ts = String(call.result?.['ts'] ?? '0');
      where = {
        container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false },
        channel: { id: channel, name: channel.startsWith('D') ? 'directmessage' : 'sales' },
        message: { type: 'message', ts, text: call.args['text'], blocks: call.args['blocks'], bot_id: 'BKAMBOT', thread_ts: call.args['thread_ts'] },
        response_url: this.responseUrl(channel),
      };
    } else {
      const channel = call.target ? (this.urlChannels.get(call.target) ?? dmChannelOf(user.id)) : String(call.args['channel']);
      where = {
        container: { type: 'message', message_ts: this.ts(), channel_id: channel, is_ephemeral: true },
        channel: { id: channel, name: channel.startsWith('D') ? 'directmessage' : 'sales' },
        response_url: this.responseUrl(channel),
      };
    }
    return postSigned(this.url, payloadBody({ ...base, ...where }), FORM);
  }

  /** Submits a modal the adapter opened (`call` is its views.open), with some fields changed. */
  submit(user: FakeUser, call: ApiCall, changes: Record<string, string> = {}): Promise<Response> {
    const view = call.args['view'];
    const values: Record<string, Record<string, unknown>> = {};
    for (const block of view.blocks as any[]) {
      if (block.type !== 'input') continue;
      const el = block.element;
      const given = changes[block.block_id];
      let state: Record<string, unknown>;
      switch (el.type) {
        case 'datepicker':
          state = { selected_date: given ?? el.initial_date ?? null };
          break;
        case 'static_select':
        case 'external_select': {
          const value = given ?? el.initial_option?.value;
          state = { selected_option: value === undefined ? null : { text: { type: 'plain_text', text: value }, value } };
          break;
        }
        default:
          state = { value: given ?? el.initial_value ?? null };
      }
      values[block.block_id] = { [el.action_id]: { type: el.type, ...state } };
    }
    const payload = {
      type: 'view_submission',
      team: { id: TEAM_ID, domain: 'kam-test' },
      user: { id: user.id, username: user.name, name: user.name, team_id: TEAM_ID },
      api_app_id: 'A0KAM',
      token: 'verification-token-unused',
      trigger_id: `${Date.now()}.${randomUUID()}`,
      view: { id: 'VMODAL', team_id: TEAM_ID, type: 'modal', blocks: view.blocks, private_metadata: view.private_metadata, callback_id: view.callback_id, state: { values }, hash: 'h1', title: view.title, close: null, submit: view.submit, previous_view_id: null, root_view_id: 'VMODAL', app_id: 'A0KAM', bot_id: 'BKAMBOT', clear_on_close: false, notify_on_close: false },
      response_urls: [],
      is_enterprise_install: false,
    };
    return postSigned(this.url, payloadBody(payload), FORM);
  }

  /** Types into an external select of a modal (`call` is its views.open). */
  suggest(user: FakeUser, call: ApiCall, actionId: string, typed: string): Promise<Response> {
    const payload = {
      type: 'block_suggestion',
      user: { id: user.id, username: user.name, name: user.name, team_id: TEAM_ID },
      container: { type: 'view', view_id: 'VMODAL' },
      api_app_id: 'A0KAM',
      token: 'verification-token-unused',
      action_id: actionId,
      block_id: actionId,
      value: typed,
      team: { id: TEAM_ID, domain: 'kam-test' },
      view: { id: 'VMODAL', type: 'modal', blocks: call.args['view'].blocks, private_metadata: call.args['view'].private_metadata, callback_id: call.args['view'].callback_id, state: { values: {} }, hash: 'h1' },
    };
    return postSigned(this.url, payloadBody(payload), FORM);
  }

  /** The latest call that shows a button with this (neutral) action id. */
  latestWithButton(actionId: string): ApiCall {
    const call = [...this.fake.calls].reverse().find((c) => VISIBLE.has(c.method) && buttonsOf(c).some((b) => neutralActionId(b.action_id) === actionId));
    if (!call) throw new Error(`nothing sent so far has a ${actionId} button`);
    return call;
  }

  latest(method: string): ApiCall {
    const call = this.fake.callsOf(method).at(-1);
    if (!call) throw new Error(`no ${method} call so far`);
    return call;
  }
}
