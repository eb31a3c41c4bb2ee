/**
 * The inbox's last resort: when the database does not take an entry within the acceptance deadline (it is
 * down or hung), the entry is appended to a file on this machine and flushed to disk before the platform is
 * acknowledged. The sweep moves spooled entries into the database once it answers again — this process's
 * own, and those left by processes of this machine that died (their pid is gone).
 */
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { InboxEntry } from './types.ts';

interface SpooledLine {
  id: string;
  platform: string;
  payload: unknown;
  acceptedAt: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class Spool {
  private readonly file: string;

  constructor(private readonly dir: string) {
    this.file = path.join(dir, `${process.pid}.jsonl`);
  }

  /** Appends the entry and flushes it to disk; throws when the disk will not take it. */
  write(entry: InboxEntry): void {
    mkdirSync(this.dir, { recursive: true });
    const line: SpooledLine = { id: entry.id, platform: entry.platform, payload: entry.payload, acceptedAt: entry.acceptedAt.toISOString() };
    const fd = openSync(this.file, 'a');
    try {
      writeSync(fd, `${JSON.stringify(line)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Hands every spooled entry of this process, and of dead processes on this machine, to `store` (which must
   * accept them all, duplicates included); a file is removed only once all of its entries are stored.
   */
  async replay(store: (entry: InboxEntry) => Promise<void>): Promise<number> {
    let files: string[];
    try {
      files = readdirSync(this.dir);
    } catch {
      return 0;
    }
    let moved = 0;
    for (const name of files) {
      const match = /^(\d+)\.jsonl(?:\.replaying-(\d+))?$/.exec(name);
      if (!match) continue;
      const writer = Number(match[1]);
      const replayer = match[2] === undefined ? undefined : Number(match[2]);
      // A file another live process is writing or replaying is theirs.
      if (replayer === undefined && writer !== process.pid && alive(writer)) continue;
      if (replayer !== undefined && replayer !== process.pid && alive(replayer)) continue;
      // Take the file out of the writer's way first; a new write starts a new file.
      const taken = path.join(this.dir, `${match[1]}.jsonl.replaying-${process.pid}`);
      renameSync(path.join(this.dir, name), taken);
      const lines = readFileSync(taken, 'utf8').split('\n').filter((l) => l.trim() !== '');
      for (const text of lines) {
        let line: SpooledLine;
        try {
          line = JSON.parse(text) as SpooledLine;
        } catch {
          continue; // a line cut short by a crash mid-write was never acknowledged
        }
        await store({ id: line.id, platform: line.platform, payload: line.payload, acceptedAt: new Date(line.acceptedAt), attempts: 0 });
        moved++;
      }
      unlinkSync(taken);
    }
    return moved;
  }
}
