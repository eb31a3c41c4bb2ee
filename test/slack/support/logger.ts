/** A logger that keeps what it was told, for tests that check a failure was logged (and nothing else). */
import type { Logger } from '../../../src/core/logger.ts';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  fields: Record<string, unknown>;
}

export function recordingLogger(): { logger: Logger; entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const make = (bindings: Record<string, unknown>): Logger => {
    const at = (level: LogEntry['level']) => (obj: object, msg?: string) => entries.push({ level, msg: msg ?? '', fields: { ...bindings, ...obj } });
    return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (more) => make({ ...bindings, ...more }) };
  };
  return { logger: make({}), entries };
}
