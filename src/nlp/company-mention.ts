/**
 * Best guess of the company a note talks about when no known customer matched, so the bot can ask
 * "是新客户「阿里巴巴」吗？" and offer the closest customers. People, dates and channel words are
 * masked beforehand, which is what ends a company name in "拜访阿里巴巴张总".
 */
import { maskSpans } from './text.ts';
import type { Span } from './types.ts';

const ZH_MARKERS = [
  /(?:拜访|走访|拜会|约见|去了|去|到了|到)(?:了)?/g,
  /(?:在|见了|和|与|跟|给|联系|客户)(?:了)?/g,
];
const ZH_RUN = /^[\u4e00-\u9fffA-Za-z0-9&·]{2,30}/;
// Words that end a company name inside a run of characters.
const ZH_STOP = /的|谈|聊|讨论|沟通|开会|签|见|拜访|了|和|与|跟|关于|就|对|商量|交流|汇报|介绍|演示|参观|开|做|那边|这边|会上|会议|一起|办公室|总部|现场|今天|昨天|明天|上午|下午|晚上|采购|技术|项目|合同|续约|报价|方案/;
const ZH_SUFFIXED = /[\u4e00-\u9fffA-Za-z0-9&·]{2,20}?(?:股份有限公司|有限责任公司|有限公司|公司|集团|银行|医院|大学|研究院|研究所|工厂)/;
const NOT_COMPANY = /^(?:客户|公司|对方|他们|我们|这边|那边|现场|总部|会上|一起|这家|那家|上午|下午|晚上|办公室|今天|昨天|明天)$/;

const EN_MARKERS = [
  /\b(?:at|visited|visit to|visiting|from|client|customer|account)\s+/gi,
  /\b(?:with|for|met with|call with)\s+/gi,
];
const EN_RUN = /^(?:[A-Z][\w&.-]*|[A-Z]{2,})(?:\s+(?:[A-Z][\w&.-]*|&|of))*/;
const EN_NOT_COMPANY = /^(?:the|a|an|our|their|his|her|this|that|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tomorrow|mr|ms|mrs|dr|prof|i|we|they)$/i;

function firstChinese(masked: string): string | null {
  const suffixed = ZH_SUFFIXED.exec(masked);
  for (const marker of ZH_MARKERS) {
    for (const m of masked.matchAll(marker)) {
      const run = ZH_RUN.exec(masked.slice(m.index + m[0].length, m.index + m[0].length + 40));
      if (!run) continue;
      // "拜访了一家新客户大疆": quantity and "customer" words introduce the name, they are not it.
      let s = run[0].replace(/^(?:一家|一个|这家|那家|该)?(?:新的?|老)?(?:客户|企业)?/, '');
      const stop = ZH_STOP.exec(s.slice(1));
      if (stop) s = s.slice(0, stop.index + 1);
      if (s.length >= 2 && !/^\d+$/.test(s) && !NOT_COMPANY.test(s)) return s;
    }
  }
  if (suffixed) {
    // Start after the last verb-like word inside the match (今天拜访阿里巴巴集团 → 阿里巴巴集团).
    const parts = suffixed[0].split(/拜访|走访|拜会|去了|去|到|在|见了|和|与|跟|了|的/);
    const last = parts[parts.length - 1] ?? '';
    if (last.length >= 2) return last;
  }
  return null;
}

function firstEnglish(masked: string): string | null {
  for (const marker of EN_MARKERS) {
    for (const m of masked.matchAll(marker)) {
      const run = EN_RUN.exec(masked.slice(m.index + m[0].length, m.index + m[0].length + 80));
      if (!run) continue;
      const s = run[0]
        .replace(/'s$/, '')
        .replace(/(?:\s+(?:CEO|CTO|CFO|COO|CIO|CMO|VP|GM|MD|Head|Director|Manager|Buyer|Team))+$/i, '')
        .replace(/\s+(?:&|of)$/, '')
        .trim();
      const first = s.split(/\s+/)[0] ?? '';
      if (s.length >= 2 && !EN_NOT_COMPANY.test(first)) return s;
    }
  }
  return null;
}

export function guessCompanyMention(text: string, blocked: readonly Span[]): string | null {
  const masked = maskSpans(text, blocked, '\u0000');
  return firstChinese(masked) ?? firstEnglish(masked);
}
