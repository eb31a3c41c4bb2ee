/**
 * The chat-adapter contract: what every adapter (console, Slack, Feishu) must do, checked through the
 * adapter's real entry point against the real store. Each adapter's test file supplies a harness.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatPort, ConversationRef } from '../../src/core/messages.ts';
import type { Store } from '../../src/persistence/connection.ts';
import { seedCustomer } from '../support/seed.ts';

export interface ContractUser {
  /** The platform's user id. */
  id: string;
  lang: 'en' | 'zh-CN';
}

export interface ContractHarness {
  store: Store;
  /**
   * Users the harness knows how to speak as: `en` and `zh` (platform locale English / Chinese). They are
   * created by the harness on first contact; the contract seeds customers for them by platform id.
   */
  users: { en: ContractUser; zh: ContractUser };
  /** The user writes in a one-to-one chat; resolves with the platform-rendered text of the replies. */
  say(user: ContractUser, text: string, opts?: { eventId?: string }): Promise<string>;
  /** The user presses the button with this action id on the latest reply they got. */
  press(user: ContractUser, actionId: string): Promise<string>;
  /** The adapter's chat port and where a proactive message to the user goes. */
  port: ChatPort;
  directRef(user: ContractUser): ConversationRef;
  /** Platform-rendered text of each proactive message as it stands now, by message id. */
  delivered(): Promise<Map<string, string>>;
  close(): Promise<void>;
}

export function chatAdapterContract(name: string, makeHarness: () => Promise<ContractHarness>): void {
  describe(`chat-adapter contract: ${name}`, () => {
    let h: ContractHarness;
    let customerId: string;

    beforeAll(async () => {
      h = await makeHarness();
      // Make both users known (first contact creates them), then give the English one a customer.
      await h.say(h.users.en, '/whoami');
      await h.say(h.users.zh, '/whoami');
      const platformField = { console: 'consoleId', slack: 'slackId', feishu: 'feishuOpenId' }[h.port.platform];
      const owner = await h.store.models.User.findOne({ [platformField]: h.users.en.id }).lean();
      if (!owner) throw new Error('the harness did not create the user on first contact');
      customerId = await seedCustomer(h.store, { name: 'Contoso Trading Ltd', aliases: ['Contoso'], ownerId: String(owner._id) });
    });
    afterAll(async () => {
      await h?.close();
    });

    it('answers /help in the user’s platform language', async () => {
      expect(await h.say(h.users.en, '/help')).toContain('KAM Bot commands');
      expect(await h.say(h.users.zh, '/help')).toContain('KAM Bot 命令');
    });

    it('suggests the closest command for a misspelt one', async () => {
      expect(await h.say(h.users.en, '/hepl')).toContain('Did you mean /help?');
    });

    it('turns a visit note into a visit, answered with a card that has Edit and Undo', async () => {
      const text = await h.say(h.users.en, '/visit Visited Contoso today, met Ms. Li, discussed the renewal, follow up next Wednesday');
      expect(text).toContain('Visit saved');
      expect(text).toContain('Contoso Trading Ltd');
      expect(text).toMatch(/Undo/);
      expect(await h.store.models.Visit.countDocuments({ customerId })).toBe(1);
    });

    it('handles a replayed delivery of the same event once', async () => {
      const before = await h.store.models.Visit.countDocuments({ customerId });
      const eventId = `contract-replay-${name}`;
      for (let i = 0; i < 3; i++) await h.say(h.users.en, '/visit Called Contoso today about the invoice', { eventId });
      expect(await h.store.models.Visit.countDocuments({ customerId })).toBe(before + 1);
    });

    it('brings a button press back to the core (Undo removes the visit)', async () => {
      await h.say(h.users.en, '/visit Met Contoso today for the quarterly review');
      const before = await h.store.models.Visit.countDocuments({ customerId });
      const text = await h.press(h.users.en, 'visit.undo');
      expect(text).toContain('Undone');
      expect(await h.store.models.Visit.countDocuments({ customerId })).toBe(before - 1);
    });

    it('sends proactive messages and updates them in place', async () => {
      const ref = h.directRef(h.users.zh);
      const sent = await h.port.send(ref, { kind: 'text', text: '回访提醒：今天有 2 条待回访' });
      expect(sent.messageId).toBeTruthy();
      await h.port.update(ref, sent.messageId, { kind: 'text', text: '回访提醒：已全部完成' });
      const delivered = await h.delivered();
      expect(delivered.get(sent.messageId)).toContain('已全部完成');
    });

    it('renders cards, tables and text without losing their content', async () => {
      const ref = h.directRef(h.users.en);
      const card = await h.port.send(ref, {
        kind: 'card',
        title: 'Overdue receivables',
        fields: [{ label: 'Contoso Trading Ltd', value: '¥12,000 · 45 days' }],
        buttons: [{ actionId: 'ar.view', label: 'Open', value: 'x' }],
      });
      const table = await h.port.send(ref, { kind: 'table', columns: ['Rep', 'Visits'], rows: [['张三', '7']] });
      const delivered = await h.delivered();
      expect(delivered.get(card.messageId)).toMatch(/Overdue receivables[\s\S]*Contoso Trading Ltd[\s\S]*45 days/);
      expect(delivered.get(table.messageId)).toMatch(/张三[\s\S]*7/);
    });
  });
}
