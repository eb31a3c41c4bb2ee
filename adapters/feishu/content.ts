/**
 * Message content is a JSON string whose shape depends on the message type. Text and rich text (`post`)
 * become plain text with the `@_user_N` mention placeholders kept, so mentions are resolved in one place.
 */
import type { Mention } from './payloads.ts';

type PostElement = { tag?: unknown; text?: unknown; href?: unknown; user_id?: unknown; user_name?: unknown };

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** The text of a text or post message; null for any other type (images, files, stickers, cards…). */
export function messageText(messageType: string, content: string, mentions: readonly Mention[] = []): string | null {
  const parsed = parseJson(content);
  if (messageType === 'text') {
    const text = (parsed as { text?: unknown } | undefined)?.text;
    return typeof text === 'string' ? text : '';
  }
  if (messageType === 'post') return flattenPost(parsed, mentions);
  return null;
}

/** Received posts are `{title, content: [[element…]…]}`, sometimes wrapped in a locale key (zh_cn…). */
function postBody(parsed: unknown): { title?: unknown; content?: unknown } | undefined {
  if (!parsed || typeof parsed !== 'object') return undefined;
  const obj = parsed as Record<string, unknown>;
  if ('content' in obj || 'title' in obj) return obj;
  const first = ['zh_cn', 'en_us', ...Object.keys(obj)].map((k) => obj[k]).find((v) => v && typeof v === 'object');
  return first as { title?: unknown; content?: unknown } | undefined;
}

function flattenPost(parsed: unknown, mentions: readonly Mention[]): string {
  const body = postBody(parsed);
  if (!body) return '';
  const lines: string[] = [];
  if (typeof body.title === 'string' && body.title.trim()) lines.push(body.title.trim());
  const paragraphs = Array.isArray(body.content) ? body.content : [];
  for (const paragraph of paragraphs) {
    if (!Array.isArray(paragraph)) continue;
    lines.push((paragraph as PostElement[]).map((el) => elementText(el, mentions)).join(''));
  }
  return lines.join('\n').trim();
}

function elementText(el: PostElement, mentions: readonly Mention[]): string {
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  switch (el.tag) {
    case 'text':
    case 'code_block':
      return str(el.text);
    case 'a':
      return str(el.text) || str(el.href);
    case 'at': {
      // Received posts name the mention by its placeholder key; accept an open_id too.
      const id = str(el.user_id);
      const mention = mentions.find((m) => m.key === id || (id !== '' && m.id?.open_id === id));
      return mention ? mention.key : `@${str(el.user_name) || id}`;
    }
    default:
      return str(el.text);
  }
}

/**
 * Replaces mention placeholders: the bot's own mention is removed (a group message addresses the bot
 * with it), anyone else's becomes `@Name` so a note that names a colleague still reads naturally.
 */
export function resolveMentions(text: string, mentions: readonly Mention[], botOpenId: string | undefined): { text: string; mentionedBot: boolean } {
  let out = text;
  let mentionedBot = false;
  // Longest keys first, so @_user_1 never eats the start of @_user_10.
  for (const m of [...mentions].sort((a, b) => b.key.length - a.key.length)) {
    const isBot = botOpenId !== undefined && m.id?.open_id === botOpenId;
    if (isBot && out.includes(m.key)) mentionedBot = true;
    out = out.split(m.key).join(isBot ? ' ' : `@${m.name ?? m.key}`);
  }
  return { text: out.replace(/[ \t\u00a0]{2,}/g, ' ').replace(/^[ \t]+|[ \t]+$/gm, '').trim(), mentionedBot };
}
