/**
 * A reply as plain text, for where a card cannot go: editing a text message in place, or a card too
 * large for Feishu. Buttons are dropped; everything the user should read is kept.
 */
import type { Reply } from '../../src/core/messages.ts';

export function plainText(reply: Reply): string {
  switch (reply.kind) {
    case 'text':
      return reply.text;
    case 'card':
      return [reply.title, reply.body, ...reply.fields.map((f) => `${f.label}: ${f.value}`)].filter(Boolean).join('\n');
    case 'table':
      return [reply.title, reply.columns.join(' | '), ...reply.rows.map((r) => r.join(' | '))].filter(Boolean).join('\n');
    case 'image':
      return `${reply.title}: ${reply.alt}`;
    case 'form':
      return [reply.title, ...reply.fields.map((f) => `${f.label}: ${f.value ?? ''}`)].join('\n');
  }
}
