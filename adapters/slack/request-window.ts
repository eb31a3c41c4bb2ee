/**
 * Slack's request window, in front of Bolt. Bolt's HTTPReceiver refuses requests older than five minutes but
 * takes any timestamp from the future, so a request signed ahead of time would stay valid until then. This
 * wrapper reads only the X-Slack-Request-Timestamp header — never the body, which Bolt reads and verifies
 * against the signature — and answers 401 when the timestamp is outside the window (see request-window.ts);
 * anything else goes to Bolt unchanged.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from '../../src/core/logger.ts';
import { outsideWindow, type RequestWindow } from '../../src/core/request-window.ts';

export interface WindowOptions {
  logger: Logger;
  /** ms since the epoch; the system clock when absent. */
  now?: (() => number) | undefined;
  window?: RequestWindow | undefined;
}

function refuse(req: IncomingMessage, res: ServerResponse): void {
  // The body is left unread: discard it so the connection can be reused.
  req.resume();
  res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' }).end('request timestamp outside the allowed window');
}

export function withRequestWindow(listener: RequestListener, opts: WindowOptions): RequestListener {
  return (req, res) => {
    // Requests Bolt refuses anyway (no POST, no timestamp) are left to it, so it answers them as it always has.
    const raw = req.headers['x-slack-request-timestamp'];
    const timestamp = Array.isArray(raw) ? raw[0] : raw;
    if (req.method === 'POST' && timestamp !== undefined) {
      const reason = outsideWindow(timestamp, (opts.now ?? Date.now)(), opts.window);
      if (reason) {
        opts.logger.warn({ path: req.url, reason }, 'Slack request refused');
        return refuse(req, res);
      }
    }
    return listener(req, res);
  };
}
