import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.ts';
import { silentLogger, type Logger } from '../../src/core/logger.ts';
import { buildCore, type Core } from '../../src/main.ts';
import { createMetrics } from '../../src/ops/metrics.ts';
import { textMessage } from '../support/bot.ts';
import { openTestStore } from '../support/store.ts';

let store: Awaited<ReturnType<typeof openTestStore>>;
let core: Core;
const metrics = createMetrics({ defaultMetrics: false });

beforeAll(async () => {
  store = await openTestStore(import.meta.filename);
  core = await buildCore({
    store,
    logger: silentLogger,
    clock: fixedClock('2026-11-22T10:00:00+08:00'),
    defaults: { language: 'en', timeZone: 'Asia/Shanghai' },
    observe: metrics.observeMessage,
  });
});
afterAll(() => store?.drop());

describe('metrics', () => {
  it('count inbound messages by platform, command and outcome, with latency and error codes', async () => {
    const u = { id: 'm1' };
    await core.bot.handle(textMessage(u, '/help'));
    await core.bot.handle(textMessage(u, '/help visit'));
    await core.bot.handle(textMessage(u, '/team list'));
    const replayed = textMessage(u, '/whoami', 'metrics-replay');
    await core.bot.handle(replayed);
    await core.bot.handle(replayed);
    await core.bot.handle(textMessage(u, 'hello there, this is not a command and must not become a label'));
    const text = await metrics.registry.metrics();
    expect(text).toContain('kam_inbound_messages_total{platform="console",command="help",outcome="ok"} 2');
    expect(text).toContain('kam_inbound_messages_total{platform="console",command="team list",outcome="rejected"} 1');
    expect(text).toContain('kam_errors_total{code="forbidden"} 1');
    expect(text).toContain('kam_inbound_messages_total{platform="console",command="whoami",outcome="ok"} 1');
    expect(text).toContain('kam_inbound_messages_total{platform="console",command="text",outcome="duplicate"} 1');
    expect(text).toContain('command="note",outcome="ok"} 1');
    expect(text).not.toContain('hello there');
    expect(text).toMatch(/kam_command_duration_seconds_count\{platform="console",command="help"\} 2/);
  });
});

describe('structured logs', () => {
  it('write one line per inbound message with correlation id, platform, command, user, result and duration — never the text', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const loggerWith = (bindings: Record<string, unknown>): Logger => {
      const write = (obj: object, msg?: string) => void lines.push({ ...bindings, ...obj, msg });
      return { debug: () => undefined, info: write, warn: write, error: write, child: (more) => loggerWith({ ...bindings, ...more }) };
    };
    const capture = loggerWith({});
    const logged = await buildCore({ store, logger: capture, clock: fixedClock('2026-11-22T10:00:00+08:00'), defaults: { language: 'en', timeZone: 'Asia/Shanghai' } });
    await logged.bot.handle(textMessage({ id: 'log1' }, '/visit called ACME 13800138000 about ¥50,000'));
    const line = lines.find((l) => l.msg === 'message');
    expect(line).toMatchObject({ platform: 'console', command: 'visit', result: 'ok' });
    expect(typeof line?.correlationId).toBe('string');
    expect(typeof line?.userId).toBe('string');
    expect(typeof line?.ms).toBe('number');
    expect(JSON.stringify(lines)).not.toContain('13800138000');
  });
});
