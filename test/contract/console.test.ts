import { expect } from 'vitest';
import { PassThrough } from 'node:stream';
import { ConsoleChat } from '../../adapters/console/chat.ts';
import { ConsolePort } from '../../adapters/console/port.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { testCore } from '../support/bot.ts';
import { openTestStore } from '../support/store.ts';
import { chatAdapterContract, type ContractHarness, type ContractUser } from './chat-adapter.contract.ts';

function capture(stream: PassThrough): { take(): string } {
  let buffer = '';
  stream.setEncoding('utf8').on('data', (d: string) => (buffer += d));
  return {
    take() {
      const out = buffer;
      buffer = '';
      return out;
    },
  };
}

chatAdapterContract('console', async (): Promise<ContractHarness> => {
  const store = await openTestStore(import.meta.filename);
  const core = await testCore(store, { clock: fixedClock('2026-11-22T10:00:00+08:00') });
  const chats = new Map<string, { chat: ConsoleChat; out: { take(): string } }>();
  const chatFor = (user: ContractUser) => {
    let entry = chats.get(user.id);
    if (!entry) {
      const output = new PassThrough();
      const chat = new ConsoleChat({ bot: core.bot, userId: user.id, systemLocale: user.lang, input: new PassThrough(), output, interactive: false, sessionId: `contract-${user.id}` });
      entry = { chat, out: capture(output) };
      chats.set(user.id, entry);
    }
    return entry;
  };
  const portOut = new PassThrough();
  const port = new ConsolePort(portOut);
  const delivered = new Map<string, string>();
  let pending = '';
  portOut.setEncoding('utf8').on('data', (d: string) => (pending += d));
  const flush = () => {
    for (const block of pending.split(/\n(?=» )/)) {
      const m = /^» \S+ #(\S+?)(?: \(updated\))?: ([\s\S]*)$/.exec(block.trim());
      if (m) delivered.set(m[1] as string, m[2] ?? '');
    }
    pending = '';
  };
  // The harness must hand the contract this platform's own chat port, or the proactive checks test nothing.
  expect(port.platform).toBe('console');
  return {
    store,
    users: { en: { id: 'contract-en', lang: 'en' }, zh: { id: 'contract-zh', lang: 'zh-CN' } },
    async say(user, text, opts) {
      const { chat, out } = chatFor(user);
      await chat.handleLine(text, opts?.eventId);
      return out.take();
    },
    async press(user, actionId) {
      const { chat, out } = chatFor(user);
      const index = chat.currentButtons.findIndex((b) => b.actionId === actionId);
      if (index < 0) throw new Error(`no ${actionId} button on the latest reply`);
      await chat.handleLine(String(index + 1));
      return out.take();
    },
    port,
    directRef: (user) => ({ platform: 'console', channelId: user.id, direct: true }),
    async delivered() {
      flush();
      return delivered;
    },
    close: () => store.drop(),
  };
});
