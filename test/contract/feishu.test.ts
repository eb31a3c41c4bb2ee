import { expect } from 'vitest';
import type { FakeUser } from '../feishu/support/fake-feishu.ts';
import { messageText } from '../feishu/support/card-text.ts';
import { feishuHarness } from '../feishu/support/harness.ts';
import { chatAdapterContract, type ContractHarness, type ContractUser } from './chat-adapter.contract.ts';

chatAdapterContract('feishu', async (): Promise<ContractHarness> => {
  const people: Record<string, FakeUser> = {
    ou_contract_en: { openId: 'ou_contract_en', name: 'Erin Contract', email: 'erin@example.com' },
    ou_contract_zh: { openId: 'ou_contract_zh', name: '郑合同', email: 'zheng@example.com' },
  };
  const h = await feishuHarness(import.meta.filename, { users: Object.values(people) });
  const person = (user: ContractUser) => people[user.id] as FakeUser;
  // Feishu events carry no locale; an English speaker says so once with /lang (the setting the core keeps).
  const introduced = new Set<string>();
  const introduce = async (user: ContractUser) => {
    if (introduced.has(user.id)) return;
    introduced.add(user.id);
    if (user.lang === 'en') await h.say(person(user), '/lang en');
  };
  // The harness must hand the contract this platform's own chat port, or the proactive checks test nothing.
  expect(h.platform.port.platform).toBe('feishu');
  return {
    store: h.store,
    users: { en: { id: 'ou_contract_en', lang: 'en' }, zh: { id: 'ou_contract_zh', lang: 'zh-CN' } },
    async say(user, text, opts) {
      await introduce(user);
      return h.say(person(user), text, opts?.eventId ? { eventId: opts.eventId } : {});
    },
    async press(user, actionId) {
      return (await h.press(person(user), actionId)).text;
    },
    port: h.platform.port,
    directRef: (user) => ({ platform: 'feishu', channelId: user.id, direct: true }),
    async delivered() {
      const all = [...h.fake.messages.values()];
      return new Map(all.map((m) => [m.messageId, messageText(m.msgType, m.content)]));
    },
    close: () => h.close(),
  };
});
