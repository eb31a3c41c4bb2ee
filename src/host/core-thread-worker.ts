/**
 * The core thread of `kam start`: its own connection to the store and its own core, answering the main
 * thread's requests (see core-thread.ts). Nothing here knows any platform.
 */
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { buildCore, suggestCustomers } from '../assemble.ts';
import { createLogger } from '../logging.ts';
import { openStore, type Store } from '../persistence/connection.ts';
import type { CoreEvent, CoreRequest, CoreThreadInit } from './protocol.ts';

/**
 * Acknowledging a platform within its deadline is latency; handling the message is throughput. On Linux the
 * nice value is per thread, so this thread (and the threads it starts) runs 10 steps nicer and yields the CPU
 * to the main thread that acknowledges. Elsewhere this changes the whole process, so it is done only on Linux.
 */
if (process.platform === 'linux') {
  try {
    os.setPriority(Math.min(19, os.getPriority() + 10));
  } catch {
    // Not allowed here: the thread keeps the process's priority.
  }
}

const port = parentPort;
if (!port) throw new Error('core-thread-worker.ts runs only as a worker thread');
const init = workerData as CoreThreadInit;
const post = (event: CoreEvent) => port.postMessage(event);
const logger = createLogger(init.logLevel, { pretty: init.prettyLogs }).child({ thread: 'core' });

let store: Store;
try {
  // The main thread opened the store first and synced the indexes; this connection only uses them.
  store = await openStore(init.mongoUri, init.dbName, { syncIndexes: false });
} catch (error) {
  post({ type: 'failed', message: String((error as Error)?.message ?? error) });
  process.exit(1);
}
const core = await buildCore({ store, logger, defaults: init.defaults, admins: init.admins, observe: (event) => post({ type: 'observe', event }) });

async function answer(request: CoreRequest): Promise<unknown> {
  switch (request.op) {
    case 'handle':
      return core.bot.handle(request.message);
    case 'suggest':
      return suggestCustomers(core, request.who, request.query);
    case 'drain':
      return core.bot.drain(request.timeoutMs);
    case 'close':
      await store.close();
      return null;
  }
}

port.on('message', (request: CoreRequest) => {
  answer(request).then(
    (value) => {
      post({ type: 'result', id: request.id, value });
      if (request.op === 'close') port.close();
    },
    (error: unknown) => post({ type: 'error', id: request.id, message: String((error as Error)?.message ?? error), stack: (error as Error)?.stack }),
  );
});
post({ type: 'ready' });
