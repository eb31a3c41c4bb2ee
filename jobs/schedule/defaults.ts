/** Default schedules (the SCHEDULE_* settings override them, a team's `schedules` override those). */
import type { JobName } from '../types.ts';
import type { DayRule } from './slots.ts';

export interface SlotSpec {
  id: string;
  days: DayRule;
}

export const MAIN_SLOT = 'main';

/** `job` for a job's only slot, `job/slot` otherwise: the key of settings and team overrides. */
export const slotKey = (job: JobName, slot: string) => (slot === MAIN_SLOT ? job : `${job}/${slot}`);

export const DEFAULT_SCHEDULES: Record<string, string> = {
  'weekly-report-reminder/first': '0 16 * * 5',
  'weekly-report-reminder/second': '0 9 * * 1',
  'callback-nudges': '0 9 * * 1-5',
  'overdue-alerts': '30 9 * * 1-5',
  'manager-summary': '30 9 * * 1',
  'monthly-rollup': '0 9 1 * *',
};
