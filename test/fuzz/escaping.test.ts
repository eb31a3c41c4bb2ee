/** User text rendered for Feishu mentions nobody and formats nothing, in cards (collapsed notes too) and text messages. */
import { describe, expect, it } from 'vitest';
import { renderCard, renderMessage } from '../../adapters/feishu/render.ts';

const NOTE = 'ping <at id=all></at> <at user_id="ou_1">x</at> **bold** [link](https://evil.example) `code` #tag';

describe('Feishu output escaping', () => {
  it('card fields, body and the collapsed note carry no live markup', () => {
    const card = renderCard(
      { kind: 'card', title: NOTE, body: NOTE, fields: [{ label: '摘要', value: NOTE }, { label: '原文', value: NOTE, collapsed: true }], buttons: [] },
      { direct: true },
    );
    const markdown: string[] = [];
    JSON.stringify(card, (_k, v: unknown) => {
      const o = v as { tag?: string; content?: unknown };
      if (o && o.tag === 'markdown' && typeof o.content === 'string') markdown.push(o.content);
      return v;
    });
    expect(markdown.length).toBeGreaterThanOrEqual(3);
    for (const m of markdown) {
      expect(m).not.toMatch(/<at|\*\*bold|\[link\]|`code`/);
    }
    expect(JSON.stringify(card)).toContain('collapsible_panel');
  });

  it('a text message keeps <at …> literal', () => {
    const { content } = renderMessage({ kind: 'text', text: NOTE }, { direct: true });
    expect((JSON.parse(content) as { text: string }).text).not.toMatch(/<at[\s>]/i);
  });
});
