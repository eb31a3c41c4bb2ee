/**
 * Neutral replies as Block Kit: text → mrkdwn sections; card → header, fields, buttons; table → a monospaced
 * code block (Slack has no table block that survives every client); image → a line naming it (the port
 * uploads the picture itself, see outbound.ts).
 */
import type { types } from '@slack/bolt';
import type { Button, Reply } from '../../../src/core/messages.ts';
import { renderTable } from '../../console/render.ts';
import { chunkLines, clip, escapeMrkdwn } from '../text.ts';
import { ActionIdAllocator } from './action-ids.ts';
import { LIMITS } from './limits.ts';

type Block = types.KnownBlock;

export interface RenderedMessage {
  /** Plain text for notifications, screen readers and clients that do not show blocks. */
  text: string;
  blocks: Block[];
}

const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text } });

const sections = (mrkdwn: string): Block[] => chunkLines(mrkdwn, LIMITS.sectionText).map(section);

function buttonElement(button: Button, ids: ActionIdAllocator): types.Button {
  return {
    type: 'button',
    action_id: clip(ids.next(button.actionId), LIMITS.actionId),
    text: { type: 'plain_text', text: clip(button.label, LIMITS.buttonText), emoji: true },
    value: clip(button.value, LIMITS.buttonValue),
    ...(button.style ? { style: button.style } : {}),
  };
}

function actionBlocks(buttons: Button[], ids: ActionIdAllocator): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < buttons.length; i += LIMITS.elementsPerActions) {
    blocks.push({ type: 'actions', elements: buttons.slice(i, i + LIMITS.elementsPerActions).map((b) => buttonElement(b, ids)) });
  }
  return blocks;
}

function cardBlocks(reply: Extract<Reply, { kind: 'card' }>, ids: ActionIdAllocator): Block[] {
  const blocks: Block[] = [{ type: 'header', text: { type: 'plain_text', text: clip(reply.title, LIMITS.headerText), emoji: true } }];
  if (reply.body) blocks.push(...sections(escapeMrkdwn(reply.body)));
  const fields = reply.fields.filter((f) => !f.collapsed).map((f) => ({
    type: 'mrkdwn' as const,
    text: clip(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, LIMITS.fieldText),
  }));
  for (let i = 0; i < fields.length; i += LIMITS.fieldsPerSection) {
    blocks.push({ type: 'section', fields: fields.slice(i, i + LIMITS.fieldsPerSection) });
  }
  // Slack has no collapsible block: a collapsed field (the note as typed) goes small and grey underneath.
  for (const f of reply.fields.filter((x) => x.collapsed)) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(`*${escapeMrkdwn(f.label)}*: ${escapeMrkdwn(f.value)}`, LIMITS.sectionText) }] });
  }
  blocks.push(...actionBlocks(reply.buttons, ids));
  return blocks;
}

function tableBlocks(reply: Extract<Reply, { kind: 'table' }>): Block[] {
  const blocks: Block[] = reply.title ? [section(`*${escapeMrkdwn(reply.title)}*`)] : [];
  const fence = '```';
  for (const chunk of chunkLines(escapeMrkdwn(renderTable(reply.columns, reply.rows)), LIMITS.sectionText - 2 * fence.length - 2)) {
    blocks.push(section(`${fence}\n${chunk}\n${fence}`));
  }
  return blocks;
}

/** Blocks of one reply; `ids` is shared by all replies that end up in the same message or view. */
export function replyBlocks(reply: Reply, ids = new ActionIdAllocator()): Block[] {
  switch (reply.kind) {
    case 'text':
      return sections(escapeMrkdwn(reply.text));
    case 'card':
      return cardBlocks(reply, ids);
    case 'table':
      return tableBlocks(reply);
    case 'image':
      return [{ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(`${reply.title}: ${reply.alt}`) }] }];
    case 'form':
      // Outside a modal a form is only named; the deliverer offers a button that opens it.
      return [section(`*${escapeMrkdwn(reply.title)}*`)];
  }
}

/** Plain text of a reply, for the `text` that goes with the blocks. */
export function plainText(reply: Reply): string {
  switch (reply.kind) {
    case 'text':
      return reply.text;
    case 'card':
      return [reply.title, reply.body, ...reply.fields.map((f) => `${f.label}: ${f.value}`)].filter(Boolean).join('\n');
    case 'table':
      return [reply.title, ...reply.rows.map((r) => r.join(' · '))].filter(Boolean).join('\n');
    case 'image':
      return `${reply.title}: ${reply.alt}`;
    case 'form':
      return reply.title;
  }
}

/**
 * The message: blocks plus the fallback `text`, which Slack also reads as mrkdwn (notifications, search), so
 * it is escaped like every block: a note typed as `<!channel>` or `<@U…>` mentions nobody.
 */
export function renderMessage(reply: Reply, ids = new ActionIdAllocator()): RenderedMessage {
  return { text: clip(escapeMrkdwn(plainText(reply)), LIMITS.sectionText), blocks: replyBlocks(reply, ids).slice(0, LIMITS.messageBlocks) };
}
