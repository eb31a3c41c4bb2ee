/** Reading what the adapter sent to Slack as a person would see it: the text of blocks and views. */
import type { ApiCall } from './fake-slack.ts';

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function textOf(node: any): string[] {
  if (node === null || typeof node !== 'object') return [];
  if (Array.isArray(node)) return node.flatMap(textOf);
  const out: string[] = [];
  if (typeof node.text === 'string') out.push(unescape(node.text));
  else if (node.text) out.push(...textOf(node.text));
  for (const key of ['title', 'label', 'fields', 'elements', 'element', 'blocks', 'initial_option', 'options', 'submit']) {
    if (node[key]) out.push(...textOf(node[key]));
  }
  for (const key of ['initial_value', 'initial_date', 'alt_text']) if (typeof node[key] === 'string') out.push(node[key]);
  return out;
}

export function blocksText(blocks: unknown): string {
  return textOf(blocks).join('\n');
}

/** What a person sees of one call: a message's blocks (else its text), a modal, a home tab. */
export function callText(call: ApiCall): string {
  const { args } = call;
  if (args['view']) return blocksText([args['view'].title, ...(args['view'].blocks ?? [])].filter(Boolean));
  if (Array.isArray(args['blocks']) && args['blocks'].length > 0) return blocksText(args['blocks']);
  return unescape(String(args['text'] ?? ''));
}

export interface SentButton {
  action_id: string;
  value: string;
}

export function buttonsOf(call: ApiCall): SentButton[] {
  const blocks: any[] = call.args['blocks'] ?? call.args['view']?.blocks ?? [];
  return blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements as any[])
    .filter((e) => e.type === 'button')
    .map((e) => ({ action_id: e.action_id, value: e.value }));
}
