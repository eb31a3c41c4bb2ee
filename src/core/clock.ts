/** Time is injected: domain code asks a Clock, never the system. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(at: Date | string): Clock {
  const instant = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(instant.getTime())) throw new RangeError(`invalid time: ${String(at)}`);
  return { now: () => new Date(instant.getTime()) };
}
