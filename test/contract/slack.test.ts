import { expect } from 'vitest';
/**
 * The Slack adapter under the chat-adapter contract: the users speak through signed HTTP requests to the
 * running receiver — slash commands for the commands Slack would let them type (`/visit …`), DM messages
 * for anything else — and read what the adapter sent to the fake Slack Web API.
 */
import { slashCommands } from '../../adapters/slack/index.ts';
import { callText } from '../slack/support/blocks-text.ts';
import { TEAM_ID, type FakeUser } from '../slack/support/fake-slack.ts';
import { SlackHarness } from '../slack/support/harness.ts';
import { chatAdapterContract, type ContractHarness, type ContractUser } from './chat-adapter.contract.ts';

chatAdapterContract('slack', async (): Promise<ContractHarness> => {
  const h = await SlackHarness.start({ testFile: import.meta.filename });
  const served = new Set(slashCommands(h.core.bot.registry.list()));
  const en = h.addUser({ id: 'UCONTRACTEN', name: 'contract-en', locale: 'en-US', tz: 'Asia/Shanghai' });
  const zh = h.addUser({ id: 'UCONTRACTZH', name: 'contract-zh', locale: 'zh-CN', tz: 'Asia/Shanghai' });
  const fakeUser = (user: ContractUser): FakeUser => (user.id === en.id ? en : zh);

  async function expectAck(response: Promise<Response>): Promise<void> {
    const res = await response;
    if (res.status !== 200) throw new Error(`Slack request answered ${res.status}`);
    await h.settle();
  }

  // The harness must hand the contract this platform's own chat port, or the proactive checks test nothing.
  expect(h.adapter.port.platform).toBe('slack');
  return {
    store: h.store,
    users: { en: { id: en.id, lang: 'en' }, zh: { id: zh.id, lang: 'zh-CN' } },
    async say(user, text, opts) {
      h.take();
      const command = /^\/(\S+)/.exec(text)?.[0]?.toLowerCase();
      if (command && served.has(command)) {
        await expectAck(h.command(fakeUser(user), command, text.slice(command.length).trim(), { triggerId: opts?.eventId }));
      } else {
        await expectAck(h.dm(fakeUser(user), text, { eventId: opts?.eventId }));
      }
      return h.shown();
    },
    async press(user, actionId) {
      const call = h.latestWithButton(actionId);
      h.take();
      await expectAck(h.click(fakeUser(user), call, actionId));
      return h.shown();
    },
    port: h.adapter.port,
    directRef: (user) => ({ platform: 'slack', tenantId: TEAM_ID, channelId: user.id, direct: true }),
    async delivered() {
      return new Map([...h.fake.messages.values()].map((m) => [m.ts, callText({ method: 'chat.postMessage', args: { blocks: m.blocks, text: m.text } })]));
    },
    close: () => h.close(),
  };
});
