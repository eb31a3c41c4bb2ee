/**
 * The time window of a signed platform request: a request whose signed timestamp is older than `maxAgeSeconds`
 * (a replay) or later than `maxSkewSeconds` ahead of our clock (a forged or pre-signed one) is refused before
 * anything is read from it. Slack documents five minutes; Feishu requests are held to the same.
 */
export interface RequestWindow {
  maxAgeSeconds: number;
  maxSkewSeconds: number;
}

export const DEFAULT_REQUEST_WINDOW: RequestWindow = { maxAgeSeconds: 5 * 60, maxSkewSeconds: 60 };

/** Why the timestamp (seconds since the epoch, as text) is refused at `nowMs`; null when it is inside the window. */
export function outsideWindow(timestamp: string | undefined, nowMs: number, window: RequestWindow = DEFAULT_REQUEST_WINDOW): string | null {
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp.trim())) return 'no readable request timestamp';
  const ageSeconds = nowMs / 1000 - Number(timestamp.trim());
  if (ageSeconds > window.maxAgeSeconds) return `request timestamp is ${Math.round(ageSeconds)} s old`;
  if (-ageSeconds > window.maxSkewSeconds) return `request timestamp is ${Math.round(-ageSeconds)} s in the future`;
  return null;
}
