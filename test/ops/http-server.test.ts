import { afterAll, describe, expect, it } from 'vitest';
import { Registry, Counter } from 'prom-client';
import { createHttpServer } from '../../src/http/server.ts';

const server = createHttpServer({ metrics: new Registry(), readinessTimeoutMs: 200 });
afterAll(() => server.close());

describe('the HTTP server', () => {
  it('answers /healthz, routes mounted prefixes, and 404s the rest', async () => {
    server.mount('/slack/events', (_req, res) => void res.writeHead(200).end('slack'), { methods: ['GET', 'POST'] });
    server.mount('/feishu/cards', (_req, res) => void res.writeHead(200).end('feishu'), { methods: ['GET'] });
    const port = await server.listen(0, '127.0.0.1');
    const get = (p: string) => fetch(`http://127.0.0.1:${port}${p}`).then(async (r) => [r.status, await r.text()]);
    expect(await get('/healthz')).toEqual([200, 'ok']);
    expect(await get('/slack/events')).toEqual([200, 'slack']);
    expect(await get('/feishu/cards?x=1')).toEqual([200, 'feishu']);
    expect((await get('/slack/eventsX'))[0]).toBe(404);
    expect((await get('/nothing'))[0]).toBe(404);
    expect((await get('/feishu/cards/x'))[0]).toBe(404);
  });

  it('survives handlers that throw at once or reject later, and hands them the size-capped body', async () => {
    const errors: string[] = [];
    const s = createHttpServer({ maxBodyBytes: 16, onHandlerError: (e) => errors.push(String(e)) });
    s.mount('/sync', () => {
      throw new Error('sync boom');
    });
    s.mount('/async', async () => {
      await Promise.resolve();
      throw new Error('async boom');
    });
    s.mount('/echo', (req, res) => void res.writeHead(200).end(req.rawBody));
    const port = await s.listen(0, '127.0.0.1');
    try {
      const post = (p: string, body: string) => fetch(`http://127.0.0.1:${port}${p}`, { method: 'POST', body }).then(async (r) => [r.status, await r.text()]);
      expect((await post('/sync', '{}'))[0]).toBe(500);
      expect((await post('/async', '{}'))[0]).toBe(500);
      expect(await post('/echo', 'hello')).toEqual([200, 'hello']);
      expect((await post('/echo', 'x'.repeat(17)))[0]).toBe(413);
      expect(errors).toEqual(['Error: sync boom', 'Error: async boom']);
      s.refuseNewWork();
      expect((await post('/echo', 'hello'))[0]).toBe(503);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('reports readiness per check: 503 with the reason when one fails or hangs, 200 when all answer', async () => {
    let redisUp = true;
    server.addReadinessCheck('mongodb', async () => undefined);
    server.addReadinessCheck('redis', async () => {
      if (!redisUp) throw new Error('connection refused');
    });
    const port = (server.server.address() as { port: number }).port;
    const ready = () => fetch(`http://127.0.0.1:${port}/readyz`).then(async (r) => ({ status: r.status, body: (await r.json()) as { checks: Array<{ name: string; ok: boolean; reason?: string }> } }));
    expect((await ready()).status).toBe(200);
    redisUp = false;
    const down = await ready();
    expect(down.status).toBe(503);
    expect(down.body.checks.find((c) => c.name === 'redis')).toEqual({ name: 'redis', ok: false, reason: 'connection refused' });
    server.addReadinessCheck('slow', () => new Promise(() => undefined));
    redisUp = true;
    const hung = await ready();
    expect(hung.status).toBe(503);
    expect(hung.body.checks.find((c) => c.name === 'slow')?.reason).toMatch(/no answer within 200 ms/);
  });

  it('serves Prometheus metrics', async () => {
    const registry = new Registry();
    new Counter({ name: 'kam_test_total', help: 'a test counter', registers: [registry] }).inc(3);
    const s = createHttpServer({ metrics: registry });
    const port = await s.listen(0, '127.0.0.1');
    try {
      const body = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text());
      expect(body).toContain('kam_test_total 3');
    } finally {
      await s.close();
    }
  });
});
