/**
 * How the replies to a card click are shown. The clicked card is replaced in place by the first card,
 * form or table among the replies (or by the first text, as a markdown card): a pressed Done, Undo or
 * Edit changes the card the user pressed rather than adding to the chat. A single short text beside
 * it becomes a toast; anything else is sent as new messages.
 *
 * A refused press (a single refusal, e.g. someone else's card) is a toast and leaves the card as it was.
 * A submitted form answered only with text keeps the form: the text may be a complaint about a field,
 * and replacing the form would throw away what the user typed.
 */
import type { Reply } from '../../src/core/messages.ts';

export interface CardAnswerPlan {
  inPlace: Reply | null;
  toast: string | null;
  rest: Reply[];
}

const TOAST_MAX = 120;

export function planCardAnswer(replies: readonly Reply[], opts: { formSubmitted?: boolean } = {}): CardAnswerPlan {
  if (replies.length === 0) return { inPlace: null, toast: null, rest: [] };
  // A refused press (someone else's card, a stale button) leaves the card as it was, for everyone who sees it.
  const [sole] = replies;
  if (replies.length === 1 && sole?.kind === 'text' && sole.refused && sole.text.length <= TOAST_MAX) return { inPlace: null, toast: sole.text, rest: [] };
  const firstRich = replies.findIndex((r) => r.kind !== 'text');
  if (firstRich < 0 && opts.formSubmitted) {
    const [first, ...others] = replies;
    return first?.kind === 'text' && first.text.length <= TOAST_MAX ? { inPlace: null, toast: first.text, rest: others } : { inPlace: null, toast: null, rest: [...replies] };
  }
  const index = firstRich >= 0 ? firstRich : 0;
  const others = replies.filter((_, i) => i !== index);
  const only = others.length === 1 ? others[0] : undefined;
  if (only?.kind === 'text' && only.text.length <= TOAST_MAX) return { inPlace: replies[index] ?? null, toast: only.text, rest: [] };
  return { inPlace: replies[index] ?? null, toast: null, rest: others };
}
