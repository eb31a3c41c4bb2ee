/**
 * What an "open form" button carries: the request that produced the form (the text typed, or the button
 * pressed), so its click — which comes with a trigger_id — can ask the core again and open the modal.
 */
import { z } from 'zod';

const replaySchema = z.union([z.object({ t: z.string() }), z.object({ a: z.string(), v: z.string() })]);
export type Replay = z.infer<typeof replaySchema>;

export const replayOfText = (text: string): string => JSON.stringify({ t: text });
export const replayOfAction = (actionId: string, value: string): string => JSON.stringify({ a: actionId, v: value });

export function readReplay(value: string): Replay | null {
  try {
    const parsed = replaySchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
