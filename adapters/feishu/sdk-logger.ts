/** The SDK's logger interface on top of ours, so its lines land in the same structured log. */
import type { Logger as SdkLogger } from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../src/core/logger.ts';

function describe(parts: unknown[]): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return p;
      if (p instanceof Error) return p.message;
      try {
        return JSON.stringify(p);
      } catch {
        return String(p);
      }
    })
    .join(' ')
    .slice(0, 2000);
}

/**
 * `quiet`: everything goes to debug. The REST client logs every failed request as an error, including
 * the rate limits the adapter retries on its own and reports itself.
 */
export function sdkLogger(logger: Logger, opts: { quiet?: boolean } = {}): SdkLogger {
  const at = (level: 'error' | 'warn' | 'info' | 'debug') => (...parts: unknown[]) => {
    logger[opts.quiet ? 'debug' : level]({ sdk: describe(parts) }, 'feishu sdk');
  };
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug'), trace: at('debug') };
}
