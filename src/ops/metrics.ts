/** Prometheus metrics for the bot and the workers (served at /metrics). */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { HandledEvent } from '../core/bot.ts';

/** One send attempt of a scheduled delivery (the jobs' DeliveryEvent, as far as metrics need it). */
export interface DeliveryObservation {
  job: string;
  platform: string;
  result: string;
}

export type QueueDepthSource = () => Promise<Array<{ queue: string; state: string; count: number }>>;

export interface Metrics {
  registry: Registry;
  /** Feed for Bot's `observe` hook. */
  observeMessage(event: HandledEvent): void;
  /** Feed for the jobs' `observeDelivery` hook: deliveries by job, platform and result; rate-limit waits. */
  observeDelivery(event: DeliveryObservation): void;
  /** Where `kam_queue_depth` reads the queues from at each scrape (the BullMQ scheduler). */
  setQueueDepthSource(source: QueueDepthSource): void;
  deliveries: Counter<'job' | 'platform' | 'result'>;
  rateLimitWaits: Counter<'platform'>;
  queueDepth: Gauge<'queue' | 'state'>;
}

export function createMetrics(opts: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'kam_' });
  const inbound = new Counter({
    name: 'kam_inbound_messages_total',
    help: 'Inbound messages by platform, command and outcome',
    labelNames: ['platform', 'command', 'outcome'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'kam_command_duration_seconds',
    help: 'Time to handle an inbound message, by platform and command',
    labelNames: ['platform', 'command'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'kam_errors_total',
    help: 'Messages that ended in an error, by code (a business code, "unexpected" or "unavailable")',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const deliveries = new Counter({
    name: 'kam_deliveries_total',
    help: 'Scheduled deliveries by job, platform and result',
    labelNames: ['job', 'platform', 'result'] as const,
    registers: [registry],
  });
  const rateLimitWaits = new Counter({
    name: 'kam_rate_limit_waits_total',
    help: 'Times a sender waited because a platform answered with a rate limit',
    labelNames: ['platform'] as const,
    registers: [registry],
  });
  let depthSource: QueueDepthSource | null = null;
  const queueDepth = new Gauge({
    name: 'kam_queue_depth',
    help: 'Jobs in each queue by state',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      if (!depthSource) return;
      // Redis away: the gauge shows nothing rather than stale counts (readiness says why).
      const rows = await depthSource().catch(() => []);
      this.reset();
      for (const r of rows) this.set({ queue: r.queue, state: r.state }, r.count);
    },
  });
  return {
    registry,
    deliveries,
    rateLimitWaits,
    queueDepth,
    observeDelivery(event) {
      deliveries.inc({ job: event.job, platform: event.platform, result: event.result });
      if (event.result === 'rate-limited') rateLimitWaits.inc({ platform: event.platform });
    },
    setQueueDepthSource(source) {
      depthSource = source;
    },
    observeMessage(event) {
      // Text that is not a command keeps one label value, so user text never becomes a label.
      const command = event.command.length > 40 ? 'other' : event.command;
      inbound.inc({ platform: event.platform, command, outcome: event.outcome });
      if (event.outcome !== 'duplicate') latency.observe({ platform: event.platform, command }, event.ms / 1000);
      if (event.outcome === 'rejected') errors.inc({ code: event.code ?? 'unknown' });
      if (event.outcome === 'failed') errors.inc({ code: 'unexpected' });
      if (event.outcome === 'unavailable') errors.inc({ code: 'unavailable' });
    },
  };
}
