/**
 * Neutral replies as Feishu messages: text as a text message, everything else as a card in JSON 2.0
 * (header, markdown fields, callback buttons, markdown tables, a `form` container for forms). Cards are
 * shared (`update_multi`), the only kind JSON 2.0 allows, so an update shows to everyone in the chat.
 */
import type { Button, FormField, Reply } from '../../src/core/messages.ts';
import { escapeMarkdown, markdownTable, neutralizeTextTags } from './markdown.ts';
import type { ButtonValue } from './payloads.ts';
import { plainText } from './plain.ts';

export type CardElement = Record<string, unknown>;

export interface CardJson {
  schema: '2.0';
  config: { update_multi: true; width_mode: 'fill' };
  header?: CardElement;
  body: { elements: CardElement[] };
}

export interface RenderContext {
  /** The card goes to a one-to-one chat; its buttons say so, because callbacks do not. */
  direct: boolean;
  /** An uploaded image's key, for image replies. */
  imageKey?: string | undefined;
}

export interface OutboundMessage {
  msgType: 'text' | 'interactive';
  /** The JSON string Feishu expects in `content`. */
  content: string;
}

/** Feishu rejects cards over 30 KB; a reply that large is sent as plain text instead of failing. */
const MAX_CARD_BYTES = 28 * 1024;

export function renderMessage(reply: Reply, ctx: RenderContext): OutboundMessage {
  if (reply.kind === 'text') return textMessage(reply.text);
  const card = JSON.stringify(renderCard(reply, ctx));
  if (Buffer.byteLength(card, 'utf8') > MAX_CARD_BYTES) return textMessage(plainText(reply));
  return { msgType: 'interactive', content: card };
}

export function textMessage(text: string): OutboundMessage {
  return { msgType: 'text', content: JSON.stringify({ text: neutralizeTextTags(text) }) };
}

export function renderCard(reply: Reply, ctx: RenderContext): CardJson {
  switch (reply.kind) {
    case 'text':
      return card(undefined, [markdown(escapeMarkdown(reply.text))]);
    case 'card': {
      const elements: CardElement[] = [];
      if (reply.body) elements.push(markdown(escapeMarkdown(reply.body)));
      const shown = reply.fields.filter((f) => !f.collapsed);
      if (shown.length > 0) {
        elements.push(markdown(shown.map((f) => `**${escapeMarkdown(f.label)}**: ${escapeMarkdown(f.value)}`).join('\n')));
      }
      for (const f of reply.fields.filter((x) => x.collapsed)) elements.push(collapsible(f.label, f.value));
      if (reply.buttons.length > 0) elements.push(buttonRow(reply.buttons, ctx));
      return card(header(reply.title, 'blue'), elements.length > 0 ? elements : [markdown(' ')]);
    }
    case 'table':
      return card(reply.title ? header(reply.title, 'indigo') : undefined, [markdown(markdownTable(reply.columns, reply.rows))]);
    case 'image':
      return card(header(reply.title, 'blue'), [
        ctx.imageKey
          ? { tag: 'img', img_key: ctx.imageKey, alt: plain(reply.alt), preview: true }
          : markdown(escapeMarkdown(reply.alt)),
      ]);
    case 'form':
      return card(header(reply.title, 'wathet'), [formContainer(reply, ctx)]);
  }
}

function card(head: CardElement | undefined, elements: CardElement[]): CardJson {
  return {
    schema: '2.0',
    config: { update_multi: true, width_mode: 'fill' },
    ...(head ? { header: head } : {}),
    body: { elements },
  };
}

const plain = (content: string) => ({ tag: 'plain_text', content });
const markdown = (content: string): CardElement => ({ tag: 'markdown', content });
const header = (title: string, template: string): CardElement => ({ title: plain(title), template });

/** JSON 2.0's collapsible panel, folded: the title shows, the (escaped) text opens on a tap. */
const collapsible = (title: string, content: string): CardElement => ({
  tag: 'collapsible_panel',
  expanded: false,
  header: { title: { tag: 'markdown', content: `**${escapeMarkdown(title)}**` } },
  elements: [markdown(escapeMarkdown(content))],
});

export function buttonValue(actionId: string, value: string, ctx: RenderContext): ButtonValue {
  return ctx.direct ? { action: actionId, value, dm: 1 } : { action: actionId, value };
}

function button(b: Button, ctx: RenderContext): CardElement {
  return {
    tag: 'button',
    text: plain(b.label),
    type: b.style ?? 'default',
    behaviors: [{ type: 'callback', value: buttonValue(b.actionId, b.value, ctx) }],
  };
}

/** JSON 2.0 has no action row; a flowing column set wraps the buttons on narrow screens. */
function buttonRow(buttons: readonly Button[], ctx: RenderContext): CardElement {
  return {
    tag: 'column_set',
    flex_mode: 'flow',
    horizontal_spacing: '8px',
    columns: buttons.map((b) => ({ tag: 'column', width: 'auto', elements: [button(b, ctx)] })),
  };
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function formField(field: FormField): CardElement[] {
  const common = {
    name: field.name,
    width: 'fill',
    ...(field.required ? { required: true } : {}),
    ...(field.placeholder ? { placeholder: plain(field.placeholder) } : {}),
  };
  // Pickers have no label of their own in JSON 2.0, so a markdown line names them.
  const label = markdown(`**${escapeMarkdown(field.label)}**`);
  switch (field.kind) {
    case 'date':
      return [label, { tag: 'date_picker', ...common, ...(field.value && ISO_DAY.test(field.value) ? { initial_date: field.value } : {}) }];
    case 'select':
      return [
        label,
        {
          tag: 'select_static',
          ...common,
          options: (field.options ?? []).map((o) => ({ text: plain(o.label), value: o.value })),
          ...(field.value ? { initial_option: field.value } : {}),
        },
      ];
    case 'multiline':
      return [{ tag: 'input', ...common, label: plain(field.label), input_type: 'multiline_text', rows: 3, ...(field.value ? { default_value: field.value } : {}) }];
    case 'text':
    case 'number':
      return [{ tag: 'input', ...common, label: plain(field.label), ...(field.value ? { default_value: field.value } : {}) }];
  }
}

function formContainer(form: Extract<Reply, { kind: 'form' }>, ctx: RenderContext): CardElement {
  return {
    tag: 'form',
    name: 'kam_form',
    elements: [
      ...form.fields.flatMap(formField),
      {
        tag: 'button',
        name: 'kam_submit',
        text: plain(form.submitLabel),
        type: 'primary',
        form_action_type: 'submit',
        behaviors: [{ type: 'callback', value: buttonValue(form.submitActionId, form.submitValue, ctx) }],
      },
    ],
  };
}
