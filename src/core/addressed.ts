/**
 * Buttons are addressed: every button and form the bot sends in answer to someone carries that person's id,
 * and only they may press it. A colleague or supervisor who sees the card (a group chat, a shared screen) is
 * refused and nothing changes. Handlers never see the address. Cards sent by scheduled jobs carry none; their
 * handlers check the record's owner or the presser's scope.
 */
import type { InboundAction, Reply } from './messages.ts';

const MARK = '~@';

/** The replies with every button and form addressed to `userId`. */
export function addressTo(replies: Reply[], userId: string): Reply[] {
  return replies.map((r) => {
    if (r.kind === 'card') return { ...r, buttons: r.buttons.map((b) => ({ ...b, value: `${b.value}${MARK}${userId}` })) };
    if (r.kind === 'form') return { ...r, submitValue: `${r.submitValue}${MARK}${userId}` };
    return r;
  });
}

/** The action as the handler sees it, and whom it was addressed to (null: nobody in particular). */
export function readAddress(action: InboundAction): { action: InboundAction; addressee: string | null } {
  const at = action.value.lastIndexOf(MARK);
  if (at < 0) return { action, addressee: null };
  return { action: { ...action, value: action.value.slice(0, at) }, addressee: action.value.slice(at + MARK.length) };
}

/** A button's value without its address (for tools and tests that look a record up by it). */
export const unaddressed = (value: string): string => readAddress({ id: '', value }).action.value;
