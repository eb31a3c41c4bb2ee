/**
 * Slack rejects a message whose buttons repeat an action_id, but the core may offer several buttons with
 * the same action (pick one of three customers). Repeats get a `#n` suffix that is dropped on the way back.
 */

/** The adapter's own button: opens a form that could not be opened as a modal right away (no trigger_id). */
export const OPEN_FORM_ACTION = 'kam.form.open';

export class ActionIdAllocator {
  private readonly seen = new Map<string, number>();

  next(actionId: string): string {
    const count = (this.seen.get(actionId) ?? 0) + 1;
    this.seen.set(actionId, count);
    return count === 1 ? actionId : `${actionId}#${count}`;
  }
}

export function neutralActionId(slackActionId: string): string {
  return slackActionId.replace(/#\d+$/, '');
}
