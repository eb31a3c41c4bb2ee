/** Weekly-report status for reminders and summaries. */
import { Types } from 'mongoose';
import type { Models } from '../../src/persistence/models/index.ts';
import { op } from '../../src/persistence/scope.ts';

/** `userId:week` of every submitted report of these users in these weeks (unique index {userId, week}). */
export async function submittedReports(models: Models, userIds: string[], weeks: string[]): Promise<Set<string>> {
  if (userIds.length === 0 || weeks.length === 0) return new Set();
  const rows = await models.WeeklyReport.find(
    { userId: op({ $in: userIds.map((id) => new Types.ObjectId(id)) }), week: op({ $in: weeks }), status: 'submitted' },
    { userId: 1, week: 1 },
  ).lean();
  return new Set(rows.map((r) => `${String(r.userId)}:${r.week}`));
}
