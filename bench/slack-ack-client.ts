/**
 * The load generator of bench/slack-ack.ts, in a worker thread of its own: a client sharing the server's
 * event loop would only read an ack once the server's work after the ack yields, and charge that to the
 * ack. Plain JavaScript (no TypeScript loader in the worker): signs each body as Slack does and times it.
 */
import { Worker } from 'node:worker_threads';

export interface Block {
  url: string;
  bodies: string[];
  secret: string;
  /** Requests per second (open loop); 0 = back to back. */
  rate: number;
  /** Wait for the server's go-ahead after each answer (it finishes the work behind the ack first). */
  lockstep: boolean;
}

const source = String.raw`
const { parentPort } = require('node:worker_threads');
const { createHmac } = require('node:crypto');
let resume = null;
parentPort.on('message', async (msg) => {
  if (msg.kind === 'go') { const r = resume; resume = null; r && r(); return; }
  const { url, bodies, secret, rate, lockstep } = msg.block;
  const latencies = new Array(bodies.length);
  const inFlight = [];
  const started = performance.now();
  const send = async (i) => {
    const body = bodies[i];
    const ts = Math.floor(Date.now() / 1000);
    const sig = 'v0=' + createHmac('sha256', secret).update('v0:' + ts + ':' + body).digest('hex');
    const t0 = performance.now();
    const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig } });
    await res.arrayBuffer();
    latencies[i] = performance.now() - t0;
    if (res.status !== 200) throw new Error('the receiver answered ' + res.status);
  };
  try {
    for (let i = 0; i < bodies.length; i++) {
      if (rate > 0) {
        inFlight.push(send(i));
        const due = started + ((i + 1) * 1000) / rate;
        await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
      } else {
        await send(i);
        if (lockstep) { await new Promise((r) => { resume = r; parentPort.postMessage({ kind: 'answered' }); }); }
      }
    }
    await Promise.all(inFlight);
    parentPort.postMessage({ kind: 'done', latencies });
  } catch (error) {
    parentPort.postMessage({ kind: 'failed', error: String(error) });
  }
});
`;

export class LoadClient {
  private readonly worker = new Worker(source, { eval: true });

  /** Sends a block; `afterEach` runs (on the server side) between requests when the block is lockstep. */
  run(block: Block, afterEach: () => Promise<void> = async () => undefined): Promise<number[]> {
    return new Promise((resolve, reject) => {
      const onMessage = (msg: { kind: string; latencies?: number[]; error?: string }) => {
        if (msg.kind === 'answered') void afterEach().then(() => this.worker.postMessage({ kind: 'go' }));
        if (msg.kind === 'done' || msg.kind === 'failed') {
          this.worker.off('message', onMessage);
          if (msg.kind === 'done') resolve(msg.latencies ?? []);
          else reject(new Error(msg.error));
        }
      };
      this.worker.on('message', onMessage);
      this.worker.postMessage({ kind: 'block', block });
    });
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}
