/** The job definitions, by name: one set, run by both drivers and by `kam jobs run`. */
import type { JobDefinition } from '../context.ts';
import type { JobName } from '../types.ts';
import { callbackNudges } from './callback-nudges.ts';
import { managerSummary } from './manager-summary.ts';
import { monthlyRollup } from './monthly-rollup.ts';
import { overdueAlerts } from './overdue-alerts.ts';
import { weeklyReportReminder } from './weekly-report-reminder.ts';

export const DEFINITIONS: Record<JobName, JobDefinition> = {
  'weekly-report-reminder': weeklyReportReminder,
  'callback-nudges': callbackNudges,
  'overdue-alerts': overdueAlerts,
  'manager-summary': managerSummary,
  'monthly-rollup': monthlyRollup,
};
