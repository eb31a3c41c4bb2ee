/**
 * The adapter's own few words. They are said before (or without) the core knowing who is asking, so
 * they come in both languages; toasts carry Feishu's `i18n` so the client shows the user's language.
 */
import type { Reply } from '../../src/core/messages.ts';

/** Shown when the work takes longer than Feishu waits; the card is updated when it is done. */
export const WORKING_TOAST = {
  type: 'info' as const,
  content: '处理中… / Working on it…',
  i18n: { zh_cn: '处理中…', en_us: 'Working on it…' },
};

export const FAILED_TOAST = {
  type: 'error' as const,
  content: '操作未完成，请重试。/ That did not work, please try again.',
  i18n: { zh_cn: '操作未完成，请重试。', en_us: 'That did not work, please try again.' },
};

/** The adapter cannot know the user's language here, so it answers in both. */
export const TEXT_ONLY_REPLY: Reply = {
  kind: 'text',
  text: '我目前只能读文字消息，请用文字告诉我。\nI can only read text messages for now — please type it.',
};
