/** The promise-to-pay date argument: whatever the shared date parser reads, plus `12-15`. */
import { isKamError, KamError } from '../../core/errors.ts';
import type { Day } from '../calendar.ts';
import { dateArgument, today, type Ctx } from '../context.ts';

// The shared parser reads 12/15 and 12月15日 but not 12-15, which finance staff type from their ledgers.
const MONTH_DAY = /^(\d{1,2})-(\d{1,2})$/;

/** The day a customer promised to pay: today or later (a month-day without year is the next one). */
export function promiseDayArgument(ctx: Ctx, text: string): Day {
  const typed = text.normalize('NFKC').trim();
  const md = MONTH_DAY.exec(typed);
  let day: Day;
  try {
    day = dateArgument(ctx, md ? `${Number(md[1])}月${Number(md[2])}日` : typed, 'future');
  } catch (error) {
    // Quote what the user typed, not our restatement of it.
    if (isKamError(error)) throw new KamError(error.code, { ...error.params, text: typed });
    throw error;
  }
  if (day < today(ctx)) throw new KamError('ar.pastPromise', { date: day });
  return day;
}
