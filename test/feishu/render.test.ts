/** Neutral replies as Feishu messages: card JSON 2.0 shapes, escaping, and the fallbacks. */
import { describe, expect, it } from 'vitest';
import { planCardAnswer } from '../../adapters/feishu/card-answer.ts';
import { renderCard, renderMessage } from '../../adapters/feishu/render.ts';
import type { Reply } from '../../src/core/messages.ts';
import { cardButtons, cardFormFields, cardText } from './support/card-text.ts';

const visitCard: Reply = {
  kind: 'card',
  title: '拜访已记录',
  fields: [
    { label: '客户', value: '华为技术有限公司' },
    { label: '摘要', value: '谈续约 *加急* <at id=all></at> [链接](http://x)' },
  ],
  buttons: [
    { actionId: 'visit.edit', label: '修改', value: 'v1' },
    { actionId: 'visit.undo', label: '撤销', value: 'v1', style: 'danger' },
  ],
};

describe('rendering replies for Feishu', () => {
  it('sends text as a text message, with <at> tags kept literal', () => {
    const msg = renderMessage({ kind: 'text', text: 'hi <at user_id="all">所有人</at>' }, { direct: true });
    expect(msg.msgType).toBe('text');
    const text = (JSON.parse(msg.content) as { text: string }).text;
    expect(text).not.toContain('<at');
    expect(text.replace(/\u200b/g, '')).toBe('hi <at user_id="all">所有人</at>');
  });

  it('renders a card in JSON 2.0: shared, header, markdown fields, callback buttons', () => {
    const card = renderCard(visitCard, { direct: true });
    expect(card.schema).toBe('2.0');
    expect(card.config.update_multi).toBe(true);
    expect(card.header).toMatchObject({ title: { tag: 'plain_text', content: '拜访已记录' } });
    expect(cardButtons(card as never).map((b) => b.value)).toEqual([
      { action: 'visit.edit', value: 'v1', dm: 1 },
      { action: 'visit.undo', value: 'v1', dm: 1 },
    ]);
    const buttons = JSON.stringify(card.body.elements.at(-1));
    expect(buttons).toContain('"type":"danger"');
    expect(buttons).toContain('"behaviors":[{"type":"callback"');
  });

  it('escapes what users typed, so a note can neither format the card nor @mention everyone', () => {
    const card = renderCard(visitCard, { direct: false });
    const markdown = JSON.stringify(card.body.elements);
    expect(markdown).not.toContain('<at');
    expect(markdown).not.toContain('*加急*');
    expect(markdown).not.toContain('[链接]');
    expect(cardText(card as never)).toContain('谈续约 *加急* <at id=all></at> [链接](http://x)');
    expect(cardButtons(card as never)[0]?.value).toEqual({ action: 'visit.edit', value: 'v1' });
  });

  it('renders a table as a markdown table', () => {
    const card = renderCard({ kind: 'table', title: '回访', columns: ['客户', '到期'], rows: [['华为|深圳', '2026-11-25']] }, { direct: true });
    const text = cardText(card as never);
    expect(text).toContain('| 客户 | 到期 |');
    expect(text).toContain('| 华为|深圳 | 2026-11-25 |');
    expect(JSON.stringify(card)).toContain('华为&#124;深圳');
  });

  it('renders a form as a form container: inputs, a date picker, a select and a submit button', () => {
    const form: Reply = {
      kind: 'form',
      title: '改期',
      submitActionId: 'callback.reschedule',
      submitValue: 'cb1',
      submitLabel: '保存',
      fields: [
        { name: 'date', label: '日期', kind: 'date', value: '2026-11-25', required: true },
        { name: 'channel', label: '方式', kind: 'select', value: 'phone', options: [{ value: 'onsite', label: '上门' }, { value: 'phone', label: '电话' }] },
        { name: 'summary', label: '内容', kind: 'multiline', value: '谈续约' },
        { name: 'amount', label: '金额', kind: 'number' },
      ],
    };
    const card = renderCard(form, { direct: false });
    const container = card.body.elements[0] as { tag: string; elements: Array<Record<string, unknown>> };
    expect(container.tag).toBe('form');
    expect(cardFormFields(card as never)).toEqual([
      { name: 'date', tag: 'date_picker', initial: '2026-11-25' },
      { name: 'channel', tag: 'select_static', initial: 'phone' },
      { name: 'summary', tag: 'input', initial: '谈续约' },
      { name: 'amount', tag: 'input', initial: undefined },
    ]);
    const submit = container.elements.at(-1);
    expect(submit).toMatchObject({ tag: 'button', form_action_type: 'submit', behaviors: [{ type: 'callback', value: { action: 'callback.reschedule', value: 'cb1' } }] });
    expect(container.elements.find((e) => e['name'] === 'summary')).toMatchObject({ input_type: 'multiline_text' });
  });

  it('sends a reply too large for a card as plain text', () => {
    const rows = Array.from({ length: 800 }, (_, i) => [`客户 ${i}`, '2026-11-25', '待办']);
    const msg = renderMessage({ kind: 'table', title: '大表', columns: ['客户', '到期', '状态'], rows }, { direct: true });
    expect(msg.msgType).toBe('text');
    expect(msg.content).toContain('客户 799');
  });
});

describe('answering a card click', () => {
  it('replaces the card with the first card, form or table, else the first text', () => {
    const text: Reply = { kind: 'text', text: '已保存' };
    expect(planCardAnswer([text, visitCard])).toEqual({ inPlace: visitCard, toast: '已保存', rest: [] });
    expect(planCardAnswer([text])).toEqual({ inPlace: text, toast: null, rest: [] });
    expect(planCardAnswer([])).toEqual({ inPlace: null, toast: null, rest: [] });
    const long: Reply = { kind: 'text', text: 'x'.repeat(200) };
    expect(planCardAnswer([visitCard, long, text])).toEqual({ inPlace: visitCard, toast: null, rest: [long, text] });
  });

  it('keeps a submitted form when the answer is only text, so nothing typed is lost', () => {
    const complaint: Reply = { kind: 'text', text: '找不到客户“XYZ”' };
    expect(planCardAnswer([complaint], { formSubmitted: true })).toEqual({ inPlace: null, toast: '找不到客户“XYZ”', rest: [] });
    expect(planCardAnswer([visitCard], { formSubmitted: true })).toEqual({ inPlace: visitCard, toast: null, rest: [] });
  });
});
