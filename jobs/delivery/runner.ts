/**
 * In-process delivery (single-process mode and `kam jobs run`): a small pool sends the entries, waits out platform
 * rate limits without counting them as attempts, and retries other failures with backoff before marking them
 * failed in the ledger.
 */
import type { Logger } from '../../src/core/logger.ts';
import type { DeliveryRef } from '../../src/persistence/deliveries.ts';
import { rateLimitDelay } from './limits.ts';
import { sendDelivery, Undeliverable, type SendDeps, type SendOutcome } from './send.ts';

export interface RunnerOptions {
  concurrency: number;
  attempts: number;
  backoffMs: number;
  logger: Logger;
}

export interface DeliveryStats {
  sent: number;
  alreadySent: number;
  failed: number;
  busy: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function deliverOne(ref: DeliveryRef, deps: SendDeps, opts: RunnerOptions): Promise<SendOutcome | 'failed'> {
  for (let attempt = 1, waits = 0; ; ) {
    try {
      const outcome = await sendDelivery(ref.key, deps, ref.carried);
      if (outcome !== 'busy' || waits >= 3) return outcome;
      // Another sender holds it; look again once its lease may have run out.
      waits++;
      await sleep(deps.leaseMs);
    } catch (error) {
      const delay = rateLimitDelay(error);
      if (delay !== null) {
        await sleep(delay);
        continue;
      }
      const final = error instanceof Undeliverable || attempt >= opts.attempts;
      if (!(error instanceof Undeliverable)) await deps.ledger.failed(ref.key, String((error as Error)?.message ?? error), final);
      opts.logger.warn({ key: ref.key, attempt, err: error }, final ? 'delivery failed' : 'delivery attempt failed; retrying');
      if (final) return 'failed';
      await sleep(opts.backoffMs * 2 ** (attempt - 1));
      attempt++;
    }
  }
}

export async function deliverAll(refs: DeliveryRef[], deps: SendDeps, opts: RunnerOptions): Promise<DeliveryStats> {
  const stats: DeliveryStats = { sent: 0, alreadySent: 0, failed: 0, busy: 0 };
  let next = 0;
  const worker = async () => {
    while (next < refs.length) {
      const ref = refs[next++] as DeliveryRef;
      const outcome = await deliverOne(ref, deps, opts);
      if (outcome === 'sent') stats.sent++;
      else if (outcome === 'already-sent') stats.alreadySent++;
      else if (outcome === 'busy') stats.busy++;
      else if (outcome === 'failed') stats.failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, refs.length)) }, worker));
  return stats;
}
