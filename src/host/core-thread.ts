/**
 * `kam start` runs the core in a worker thread, so the main thread's event loop does only the platforms'
 * I/O: Slack's 3-second acknowledgement (and Feishu's) never waits behind the CPU a visit note costs
 * (parsing, building documents, BSON) or behind a garbage collection of the core's heap. The thread has its
 * own store connection; messages go in and replies come back as structured-clone data (the platform's raw
 * payload stays behind: the core never reads it).
 *
 * If the thread dies, the calls in flight fail (the adapters log them; the event ledger lets the platform's
 * retry through) and the next call starts a new thread.
 */
import { Worker } from 'node:worker_threads';
import type { HandledEvent } from '../core/bot.ts';
import type { PlatformIdentity } from '../core/identity.ts';
import type { Logger } from '../core/logger.ts';
import type { InboundMessage, MessageHandler, Reply } from '../core/messages.ts';
import type { CoreEvent, CoreRequest, CoreResults, CoreThreadInit } from './protocol.ts';

export interface CoreThreadOptions extends CoreThreadInit {
  logger: Logger;
  /** Metrics hook, once per inbound message handled in the thread. */
  observe?: ((event: HandledEvent) => void) | undefined;
}

type Pending = { resolve(value: unknown): void; reject(error: Error): void };
type RequestBody = CoreRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

const ENTRY = new URL('./core-thread-entry.mjs', import.meta.url);

export class CoreThreadError extends Error {
  override name = 'CoreThreadError';
}

export class CoreThread implements MessageHandler {
  private worker: Worker | null = null;
  private starting: Promise<Worker> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  private constructor(private readonly opts: CoreThreadOptions) {}

  /** Starts the thread and waits until its core is ready (or failed to start: then this rejects). */
  static async start(opts: CoreThreadOptions): Promise<CoreThread> {
    const thread = new CoreThread(opts);
    await thread.ensure();
    return thread;
  }

  handle(message: InboundMessage): Promise<Reply[]> {
    const { raw: _raw, ...data } = message;
    return this.call('handle', { op: 'handle', message: data });
  }

  suggestCustomers(who: PlatformIdentity, query: string): Promise<Array<{ value: string; label: string }>> {
    return this.call('suggest', { op: 'suggest', who, query });
  }

  /** Stops the core taking new messages and waits up to `timeoutMs` for those in flight. */
  drain(timeoutMs: number): Promise<boolean> {
    if (!this.worker) return Promise.resolve(true);
    return this.call('drain', { op: 'drain', timeoutMs });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    const worker = this.worker;
    if (worker) {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      await this.call('close', { op: 'close' }).catch(() => undefined);
      this.closed = true;
      const timer = setTimeout(() => void worker.terminate(), 5_000);
      await exited;
      clearTimeout(timer);
    }
    this.closed = true;
  }

  private async call<K extends keyof CoreResults>(_op: K, body: RequestBody): Promise<CoreResults[K]> {
    if (this.closed) throw new CoreThreadError('the core thread is closed');
    const worker = await this.ensure();
    const id = this.nextId++;
    return new Promise<CoreResults[K]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ ...body, id } as CoreRequest);
    });
  }

  private ensure(): Promise<Worker> {
    if (this.worker) return Promise.resolve(this.worker);
    this.starting ??= this.spawn().finally(() => (this.starting = null));
    return this.starting;
  }

  private spawn(): Promise<Worker> {
    const { logger, observe: _observe, ...init } = this.opts;
    const worker = new Worker(ENTRY, { workerData: init satisfies CoreThreadInit, name: 'kam-core' });
    return new Promise<Worker>((resolve, reject) => {
      let ready = false;
      worker.on('message', (event: CoreEvent) => {
        switch (event.type) {
          case 'ready':
            ready = true;
            this.worker = worker;
            resolve(worker);
            break;
          case 'failed':
            reject(new CoreThreadError(`the core thread could not start: ${event.message}`));
            break;
          case 'observe':
            this.opts.observe?.(event.event);
            break;
          case 'result':
            this.settle(event.id, (p) => p.resolve(event.value));
            break;
          case 'error': {
            const error = new CoreThreadError(event.message);
            if (event.stack) error.stack = event.stack;
            this.settle(event.id, (p) => p.reject(error));
            break;
          }
        }
      });
      worker.on('error', (error) => {
        logger.error({ err: error }, 'the core thread failed');
        if (!ready) reject(error);
      });
      worker.on('exit', (code) => {
        if (this.worker === worker) this.worker = null;
        if (!ready) reject(new CoreThreadError(`the core thread exited with code ${code} before it was ready`));
        if (this.pending.size > 0) {
          for (const p of this.pending.values()) p.reject(new CoreThreadError(`the core thread exited (code ${code}) while handling a message`));
          this.pending.clear();
        }
        if (!this.closed) logger.error({ code }, 'the core thread exited; the next message starts a new one');
      });
    });
  }

  private settle(id: number, how: (p: Pending) => void): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    how(p);
  }
}
