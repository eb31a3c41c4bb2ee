/** Message events to neutral messages: text and post content, mentions, who addressed whom. */
import { describe, expect, it } from 'vitest';
import { formValues } from '../../adapters/feishu/card-action.ts';
import { messageText, resolveMentions } from '../../adapters/feishu/content.ts';
import { addressing, conversationOf } from '../../adapters/feishu/inbound.ts';
import { messageEventSchema } from '../../adapters/feishu/payloads.ts';
import { messageEvent, TENANT_KEY } from './support/events.ts';

const BOT = 'ou_bot';
const botMention = { key: '@_user_1', id: { open_id: BOT }, name: 'KAM Bot' };
const flat = (e: ReturnType<typeof messageEvent>) => messageEventSchema.parse({ ...e.header, ...e.event });

describe('reading Feishu messages', () => {
  it('reads text and flattens posts, keeping mention placeholders', () => {
    expect(messageText('text', '{"text":"@_user_1 拜访 华为"}')).toBe('@_user_1 拜访 华为');
    const post = { zh_cn: { title: '周报', content: [[{ tag: 'at', user_id: '@_user_1', user_name: 'KAM Bot' }, { tag: 'text', text: ' 本周' }], [{ tag: 'a', text: '链接', href: 'https://x' }, { tag: 'img', image_key: 'k' }]] } };
    expect(messageText('post', JSON.stringify(post), [botMention])).toBe('周报\n@_user_1 本周\n链接');
    expect(messageText('image', '{"image_key":"k"}')).toBeNull();
    expect(messageText('text', 'not json')).toBe('');
  });

  it('strips the bot’s mention and names everyone else', () => {
    const others = [botMention, { key: '@_user_2', id: { open_id: 'ou_wang' }, name: '王总' }, { key: '@_user_10', id: { open_id: 'ou_x' }, name: 'X' }];
    expect(resolveMentions('@_user_1  拜访 @_user_2 和 @_user_10', others, BOT)).toEqual({ text: '拜访 @王总 和 @X', mentionedBot: true });
    expect(resolveMentions('拜访 @_user_2', others, BOT)).toEqual({ text: '拜访 @王总', mentionedBot: false });
  });

  it('listens in groups only when mentioned, and everywhere one-to-one', () => {
    const group = (text: string, mentions = [{ key: '@_user_1', openId: BOT, name: 'KAM Bot' }]) =>
      flat(messageEvent({ senderOpenId: 'ou_a', chatId: 'oc_g', chatType: 'group', content: { text }, mentions }));
    expect(addressing(group('@_user_1 /help'), BOT)).toMatchObject({ kind: 'text', text: '/help' });
    expect(addressing(group('/help', []), BOT)).toMatchObject({ kind: 'ignored' });
    expect(addressing(group('@_user_1 /help'), undefined)).toMatchObject({ kind: 'ignored' });
    const p2p = flat(messageEvent({ senderOpenId: 'ou_a', chatId: 'oc_p', chatType: 'p2p', content: { text: '今天拜访华为' } }));
    expect(addressing(p2p, undefined)).toMatchObject({ kind: 'text', text: '今天拜访华为' });
    const sticker = flat(messageEvent({ senderOpenId: 'ou_a', chatId: 'oc_p', chatType: 'p2p', messageType: 'sticker', content: { file_key: 'f' } }));
    expect(addressing(sticker, BOT)).toMatchObject({ kind: 'unsupported' });
  });

  it('keeps the tenant and the chat in the conversation reference', () => {
    const e = flat(messageEvent({ senderOpenId: 'ou_a', chatId: 'oc_g', chatType: 'group', content: { text: 'x' } }));
    expect(conversationOf(e)).toEqual({ platform: 'feishu', tenantId: TENANT_KEY, channelId: 'oc_g', threadId: undefined, direct: false });
  });

  it('reads submitted form values as strings, date pickers as days', () => {
    expect(formValues({ date: '2026-11-25 +0800', note: '发报价', count: 3, tags: ['a', 'b'], empty: null })).toEqual({ date: '2026-11-25', note: '发报价', count: '3', tags: 'a,b' });
  });
});
