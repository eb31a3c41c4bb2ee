/** Messages between `kam start`'s main thread and its core thread (structured-clone data only). */
import type { HandledEvent } from '../core/bot.ts';
import type { PlatformIdentity } from '../core/identity.ts';
import type { InboundMessage, Reply } from '../core/messages.ts';

export interface CoreThreadInit {
  mongoUri: string;
  dbName: string;
  defaults: { language: 'zh-CN' | 'en'; timeZone: string };
  admins: readonly string[];
  logLevel: string;
  prettyLogs: boolean;
}

export type CoreRequest =
  | { id: number; op: 'handle'; message: InboundMessage }
  | { id: number; op: 'suggest'; who: PlatformIdentity; query: string }
  | { id: number; op: 'drain'; timeoutMs: number }
  | { id: number; op: 'close' };

export interface CoreResults {
  handle: Reply[];
  suggest: Array<{ value: string; label: string }>;
  drain: boolean;
  close: null;
}

export type CoreEvent =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'observe'; event: HandledEvent }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; message: string; stack?: string | undefined };
