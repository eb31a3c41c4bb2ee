import { describe, expect, it } from 'vitest';
import { formatProblems, parseConfig } from '../src/config/env.ts';

describe('configuration', () => {
  it('starts on embedded defaults with an empty environment', () => {
    const result = parseConfig({}, '/srv/kam');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.env.DEFAULT_LOCALE).toBe('zh-CN');
    expect(result.config.env.DEFAULT_TIMEZONE).toBe('Asia/Shanghai');
    expect(result.config.dataDir).toBe('/srv/kam/.kam-data');
    expect(result.config.platforms).toEqual({ slack: null, feishu: null });
  });

  it('reports every problem at once, each with a hint', () => {
    const result = parseConfig(
      { SLACK_BOT_TOKEN: 'xoxb-123', MONGODB_URI: 'mongo:/broken', DEFAULT_TIMEZONE: 'Mars/Olympus', PORT: '99999' },
      '/',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const keys = result.problems.map((p) => p.key).sort();
    expect(keys).toEqual(['DEFAULT_TIMEZONE', 'MONGODB_URI', 'PORT', 'SLACK_SIGNING_SECRET']);
    const text = formatProblems(result.problems);
    expect(text).toContain('4 configuration problems');
    expect(text).toMatch(/SLACK_SIGNING_SECRET .*Signing Secret/);
    expect(text).toMatch(/MONGODB_URI .*mongodb:\/\//);
  });

  it('chooses platforms and modes from the credentials present', () => {
    const http = parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }, '/');
    expect(http.ok && http.config.platforms.slack).toEqual({ mode: 'http' });
    const socket = parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }, '/');
    expect(socket.ok && socket.config.platforms.slack).toEqual({ mode: 'socket' });
    const feishu = parseConfig({ FEISHU_APP_ID: 'cli_a', FEISHU_APP_SECRET: 's' }, '/');
    expect(feishu.ok && feishu.config.platforms.feishu).toEqual({ mode: 'ws' });
    const webhook = parseConfig({ FEISHU_APP_ID: 'cli_a', FEISHU_APP_SECRET: 's', FEISHU_MODE: 'webhook' }, '/');
    expect(webhook.ok).toBe(false);
    if (!webhook.ok) expect(webhook.problems.map((p) => p.key).sort()).toEqual(['FEISHU_ENCRYPT_KEY', 'FEISHU_VERIFICATION_TOKEN']);
  });

  it('treats blank values as unset and rejects malformed cron patterns', () => {
    const result = parseConfig({ MONGODB_URI: '  ', SCHEDULE_CALLBACK_NUDGES: 'every day' }, '/');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.key)).toEqual(['SCHEDULE_CALLBACK_NUDGES']);
  });

  it('accepts replica-set URIs with several hosts', () => {
    const result = parseConfig({ MONGODB_URI: 'mongodb://a:27017,b:27017/kam?replicaSet=rs0' }, '/');
    expect(result.ok).toBe(true);
  });
});

describe('.env.example', () => {
  it('lists every key the schema reads, each with a comment line above it', async () => {
    const { readFileSync } = await import('node:fs');
    const { envSchema } = await import('../src/config/env.ts');
    const text = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
    const lines = text.split('\n');
    const listed = lines.map((l) => /^([A-Z][A-Z0-9_]*)=/.exec(l)?.[1]).filter(Boolean);
    const schemaKeys = Object.keys((envSchema as any).shape ?? (envSchema as any).in?.shape ?? {});
    expect(schemaKeys.length).toBeGreaterThan(20);
    expect([...listed].sort()).toEqual([...schemaKeys].sort());
    lines.forEach((line, i) => {
      if (/^[A-Z]/.test(line)) expect(lines[i - 1]?.startsWith('#'), line).toBe(true);
    });
    // And the example parses as a valid configuration.
    const env = Object.fromEntries(listed.map((k) => [k as string, lines.find((l) => l.startsWith(`${k}=`))!.slice(String(k).length + 1)]));
    expect(parseConfig(env, '/').ok).toBe(true);
  });
});
