/** pino, JSON in production and when piped, pretty in a terminal. Logs go to stderr; stdout is the chat. */
import pino from 'pino';
import pretty from 'pino-pretty';
import type { Logger } from './core/logger.ts';

export function createLogger(level: string, opts: { pretty?: boolean } = {}): Logger & pino.Logger {
  const usePretty = opts.pretty ?? process.stderr.isTTY;
  const stream = usePretty ? pretty({ destination: 2, colorize: true, sync: true }) : pino.destination({ dest: 2, sync: true });
  return pino({ level, base: { app: 'kam-bot' }, redact: ['*.phone', '*.text', 'text'] }, stream);
}
