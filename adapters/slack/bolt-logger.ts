/** Bolt and the Slack SDKs log through their own interface; this hands their lines to the app's logger. */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/core/logger.ts';

export function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  let log = logger.child({ component: 'bolt' });
  const write = (method: 'debug' | 'info' | 'warn' | 'error') => (...parts: unknown[]) => {
    const err = parts.find((p): p is Error => p instanceof Error);
    const msg = parts.filter((p) => p !== err).map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
    log[method](err ? { err } : {}, msg);
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: (name) => {
      log = logger.child({ component: name });
    },
  };
}
