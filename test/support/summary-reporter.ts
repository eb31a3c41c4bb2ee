/** Prints one plain closing line, `Tests: N passed, N failed, N skipped`, that any CI log reader understands. */
import type { Reporter, RunnerTestFile } from 'vitest/node';

type Task = { type: string; mode?: string; result?: { state?: string }; tasks?: Task[] };

function count(tasks: Task[], acc = { passed: 0, failed: 0, skipped: 0 }) {
  for (const task of tasks) {
    if (task.type === 'suite' || task.tasks) count(task.tasks ?? [], acc);
    else if (task.mode === 'skip' || task.mode === 'todo') acc.skipped++;
    else if (task.result?.state === 'pass') acc.passed++;
    else if (task.result?.state === 'fail') acc.failed++;
    else acc.skipped++;
  }
  return acc;
}

export default class SummaryReporter implements Reporter {
  onFinished(files: RunnerTestFile[] = [], errors: unknown[] = []) {
    const c = count(files as unknown as Task[]);
    // A file that failed to load has no tests but must still count as a failure.
    const broken = files.filter((f) => f.result?.state === 'fail' && (f.tasks?.length ?? 0) === 0).length + errors.length;
    process.stdout.write(`\nTests: ${c.passed} passed, ${c.failed + broken} failed, ${c.skipped} skipped\n`);
  }
}
