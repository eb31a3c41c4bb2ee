/** Neutral replies as Block Kit, forms as modals, and Slack's text markup back to what the user typed. */
import { describe, expect, it } from 'vitest';
import { neutralActionId } from '../../adapters/slack/render/action-ids.ts';
import { renderMessage } from '../../adapters/slack/render/blocks.ts';
import { formValues, formView, readFormMeta, type FormMeta } from '../../adapters/slack/render/modal.ts';
import { homeView } from '../../adapters/slack/render/home.ts';
import { plainFromSlack } from '../../adapters/slack/text.ts';
import type { Reply } from '../../src/core/messages.ts';

const meta: FormMeta = { a: 'visit.create', v: 'new', o: { kind: 'dm', user: 'U1' } };

describe('replies as Block Kit', () => {
  it('escapes &, < and > in text so Slack does not read them as markup', () => {
    const { blocks, text } = renderMessage({ kind: 'text', text: 'R&D <Acme> owes > ¥5' });
    expect(blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: 'R&amp;D &lt;Acme&gt; owes &gt; ¥5' } }]);
    // The fallback text is read as mrkdwn too (notifications): escaped the same way.
    expect(text).toBe('R&amp;D &lt;Acme&gt; owes &gt; ¥5');
  });

  it('never lets user text mention anyone: <!channel> and <@U…> stay literal in blocks and fallback text', () => {
    const note = 'ping <!channel> and <@U123ABC> and <!here|here> & <https://evil.example|click>';
    for (const reply of [
      { kind: 'text' as const, text: note },
      { kind: 'card' as const, title: note, body: note, fields: [{ label: note, value: note }, { label: 'Note', value: note, collapsed: true }], buttons: [] },
      { kind: 'table' as const, title: note, columns: ['a'], rows: [[note]] },
    ]) {
      const { blocks, text } = renderMessage(reply);
      // Slack parses mentions in mrkdwn objects and the fallback text; plain_text is shown as it is.
      const mrkdwn: string[] = [text];
      JSON.stringify(blocks, (_k, v: unknown) => {
        const o = v as { type?: string; text?: unknown };
        if (o && o.type === 'mrkdwn' && typeof o.text === 'string') mrkdwn.push(o.text);
        return v;
      });
      const all = mrkdwn.join('\n');
      expect(all).not.toMatch(/<[!@#]/);
      expect(all).toContain('&lt;!channel&gt;');
    }
  });

  it('splits text longer than a section allows', () => {
    const long = Array.from({ length: 200 }, (_, i) => `line ${i} ${'x'.repeat(30)}`).join('\n');
    const { blocks } = renderMessage({ kind: 'text', text: long });
    expect(blocks.length).toBeGreaterThan(1);
    for (const b of blocks) expect((b as { text: { text: string } }).text.text.length).toBeLessThanOrEqual(3000);
  });

  it('renders a card as header, fields (10 per section) and buttons with unique action ids', () => {
    const card: Reply = {
      kind: 'card',
      title: 'Which customer?',
      body: 'Several match',
      fields: Array.from({ length: 12 }, (_, i) => ({ label: `F${i}`, value: `v${i}` })),
      buttons: [
        { actionId: 'visit.pick', label: 'Contoso', value: 'p1:c1' },
        { actionId: 'visit.pick', label: 'Contoso Trading', value: 'p1:c2' },
        { actionId: 'visit.drop', label: 'Cancel', value: 'p1', style: 'danger' },
      ],
    };
    const { blocks } = renderMessage(card);
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'actions']);
    const fieldSections = blocks.filter((b): b is Extract<typeof b, { type: 'section' }> => b.type === 'section' && 'fields' in b && b.fields !== undefined);
    expect(fieldSections.map((s) => s.fields?.length)).toEqual([10, 2]);
    const actions = blocks.at(-1) as { elements: Array<{ action_id: string; value: string; style?: string }> };
    const ids = actions.elements.map((e) => e.action_id);
    expect(new Set(ids).size).toBe(3);
    expect(ids.map(neutralActionId)).toEqual(['visit.pick', 'visit.pick', 'visit.drop']);
    expect(actions.elements[2]?.style).toBe('danger');
  });

  it('renders a table as a monospaced code block with aligned columns', () => {
    const { blocks } = renderMessage({ kind: 'table', title: 'Visits', columns: ['Rep', 'Visits'], rows: [['张三', '7'], ['Li', '12']] });
    const code = (blocks[1] as { text: { text: string } }).text.text;
    expect(code.startsWith('```\n')).toBe(true);
    expect(code).toContain('张三  7');
    expect(code).toContain('Li    12');
  });

  it('puts all replies of the home tab in one view, with dividers between', () => {
    const view = homeView([
      { kind: 'text', text: 'Today' },
      { kind: 'card', title: 'Callback', fields: [], buttons: [{ actionId: 'callback.done', label: 'Done', value: '1' }] },
    ]);
    expect(view.type).toBe('home');
    expect(view.blocks.map((b) => b.type)).toEqual(['section', 'divider', 'header', 'actions']);
  });
});

describe('forms as modals', () => {
  const form: Extract<Reply, { kind: 'form' }> = {
    kind: 'form',
    title: 'Edit the visit to Contoso Trading Ltd',
    submitActionId: 'visit.update',
    submitValue: 'v1',
    submitLabel: 'Save',
    fields: [
      { name: 'customer', label: 'Customer', kind: 'text', value: 'Contoso Trading Ltd', required: true },
      { name: 'date', label: 'Date', kind: 'date', value: '2026-11-18', required: true },
      { name: 'next', label: 'Follow-up', kind: 'date' },
      { name: 'channel', label: 'Channel', kind: 'select', value: 'phone', options: [{ value: 'onsite', label: 'On site' }, { value: 'phone', label: 'Phone' }] },
      { name: 'summary', label: 'Summary', kind: 'multiline', value: 'Renewal' },
      { name: 'amount', label: 'Amount', kind: 'number', value: '1200' },
    ],
  };

  it('gives each field kind its Slack input, pre-filled, and keeps a long title', () => {
    const view = formView(form, meta, { typeahead: true });
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    const [heading, ...inputs] = view.blocks as Array<Record<string, any>>;
    expect(heading?.['type']).toBe('header');
    expect(inputs.map((b) => [b['block_id'], b['element'].type, b['optional']])).toEqual([
      ['customer', 'external_select', false],
      ['date', 'datepicker', false],
      ['next', 'datepicker', true],
      ['channel', 'static_select', true],
      ['summary', 'plain_text_input', true],
      ['amount', 'number_input', true],
    ]);
    expect(inputs[0]?.['element'].initial_option.value).toBe('Contoso Trading Ltd');
    expect(inputs[1]?.['element'].initial_date).toBe('2026-11-18');
    expect(inputs[3]?.['element'].initial_option).toEqual({ text: { type: 'plain_text', text: 'Phone', emoji: true }, value: 'phone' });
    expect(inputs[4]?.['element'].multiline).toBe(true);
    expect(readFormMeta(view.private_metadata ?? '')).toEqual(meta);
  });

  it('keeps the customer a text input when there is no customer search', () => {
    const view = formView(form, meta, { typeahead: false });
    const customer = (view.blocks as Array<Record<string, any>>).find((b) => b['block_id'] === 'customer');
    expect(customer?.['element'].type).toBe('plain_text_input');
  });

  it('reads submitted values by field name, empty when cleared', () => {
    const values = formValues({
      state: {
        values: {
          date: { date: { type: 'datepicker', selected_date: '2026-11-20' } },
          channel: { channel: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'Phone' }, value: 'phone' } } },
          summary: { summary: { type: 'plain_text_input', value: null } },
        },
      },
    } as never);
    expect(values).toEqual({ date: '2026-11-20', channel: 'phone', summary: '' });
  });

  it('refuses metadata that was tampered with', () => {
    expect(readFormMeta('{"a":1}')).toBeNull();
    expect(readFormMeta('not json')).toBeNull();
  });
});

describe('Slack text back to what the user typed', () => {
  it('drops the bot mention, keeps labels of mentions and links, unescapes entities', () => {
    expect(plainFromSlack('<@UKAMBOT> visited <https://acme.com|Acme> with <@U123|li> &amp; R&lt;D&gt;', 'UKAMBOT')).toBe('visited Acme with @li & R<D>');
    expect(plainFromSlack('<#C1|sales> <!here> <mailto:a@b.com|a@b.com>')).toBe('#sales @here a@b.com');
  });
});
