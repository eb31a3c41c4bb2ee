/**
 * No Docker engine runs on the development machines, so the deployment files are checked by reading them:
 * the compose file parses, passes every configuration key to the bot and the worker, and the Dockerfile
 * keeps its promises (multi-stage, non-root, production dependencies, CJK font, health check).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { envSchema, parseConfig } from '../../src/config/env.ts';

const root = new URL('../../', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, root), 'utf8');

type Service = { image?: string; build?: unknown; command?: string[]; environment?: Record<string, string>; depends_on?: Record<string, unknown>; volumes?: string[] };
const compose = parse(read('docker-compose.yml')) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const exampleKeys = read('.env.example')
  .split('\n')
  .map((l) => /^([A-Z][A-Z0-9_]*)=/.exec(l)?.[1])
  .filter((k): k is string => Boolean(k));

// Keys that configure the embedded, single-machine mode and do not apply to the compose deployment.
const NOT_FOR_COMPOSE = new Set(['KAM_CACHE_DIR']);

describe('docker-compose.yml', () => {
  it('has MongoDB 7, Redis 7 with noeviction and persistence, the bot and a worker', () => {
    const s = compose.services;
    expect(s['mongodb']?.image).toBe('mongo:7');
    expect(s['redis']?.image).toBe('redis:7');
    expect(s['redis']?.command?.join(' ')).toMatch(/--maxmemory-policy noeviction/);
    expect(s['redis']?.command?.join(' ')).toMatch(/--appendonly yes/);
    expect(s['redis']?.volumes?.[0]).toMatch(/:\/data$/);
    expect(s['mongodb']?.volumes?.[0]).toMatch(/:\/data\/db$/);
    expect(s['bot']?.command).toEqual(['node', 'bin/kam.js', 'start']);
    expect(s['worker']?.command).toEqual(['node', 'bin/kam.js', 'worker']);
  });

  it('passes every key of .env.example to the bot and the worker', () => {
    for (const name of ['bot', 'worker']) {
      const env = compose.services[name]?.environment ?? {};
      const missing = exampleKeys.filter((k) => !NOT_FOR_COMPOSE.has(k) && !(k in env));
      expect(missing, name).toEqual([]);
      expect(Object.keys(env).filter((k) => !exampleKeys.includes(k)), `${name}: keys unknown to .env.example`).toEqual([]);
    }
  });

  it('gives a configuration that the app accepts (defaults substituted)', () => {
    const env = compose.services['bot']?.environment ?? {};
    const substituted = Object.fromEntries(
      Object.entries(env).map(([k, v]) => [k, String(v).replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1')]),
    );
    const result = parseConfig(substituted, '/app');
    expect(result.ok ? [] : result.problems).toEqual([]);
    expect(Object.keys((envSchema as any).in?.shape ?? (envSchema as any).shape).length).toBeGreaterThan(0);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  it('is multi-stage, non-root, production-only, with a CJK font and a health check on /healthz', () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/fonts-noto-cjk/);
    expect(dockerfile).toMatch(/HEALTHCHECK[\s\S]*\/healthz/);
  });
});
