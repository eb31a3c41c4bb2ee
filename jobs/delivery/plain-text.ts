/** A plain-text rendering of neutral replies: what the delivery log shows of each message. */
import type { Reply } from '../../src/core/messages.ts';

export function plainText(replies: Reply[]): string {
  return replies.map(one).join('\n\n');
}

function one(reply: Reply): string {
  switch (reply.kind) {
    case 'text':
      return reply.text;
    case 'card':
      return [
        reply.title,
        ...(reply.body ? [reply.body] : []),
        ...reply.fields.map((f) => `${f.label}: ${f.value}`),
        ...(reply.buttons.length ? [reply.buttons.map((b) => `[${b.label}]`).join(' ')] : []),
      ].join('\n');
    case 'table':
      return [...(reply.title ? [reply.title] : []), reply.columns.join(' | '), ...reply.rows.map((r) => r.join(' | '))].join('\n');
    case 'image':
      return `[${reply.title}: ${reply.alt}]`;
    case 'form':
      return [reply.title, ...reply.fields.map((f) => `${f.label}: ${f.value ?? ''}`)].join('\n');
  }
}
