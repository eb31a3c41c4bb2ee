/** App Home: whatever replies the dashboard gives, one after another, as a home tab view. */
import type { types } from '@slack/bolt';
import type { Reply } from '../../../src/core/messages.ts';
import { ActionIdAllocator } from './action-ids.ts';
import { replyBlocks } from './blocks.ts';
import { LIMITS } from './limits.ts';

export function homeView(replies: Reply[]): types.HomeView {
  const ids = new ActionIdAllocator();
  const blocks: types.KnownBlock[] = [];
  replies.forEach((reply, i) => {
    if (i > 0) blocks.push({ type: 'divider' });
    blocks.push(...replyBlocks(reply, ids));
  });
  return { type: 'home', blocks: blocks.slice(0, LIMITS.homeBlocks) };
}
