import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKam } from './support/cli.ts';
import { mongoUri, uniqueName } from './support/store.ts';

const dbEnv = () => ({ MONGODB_URI: mongoUri(), MONGODB_DB: uniqueName('t_cli') });

describe('kam chat (piped)', () => {
  it('prints the English help with --lang en and the Chinese one with --lang zh', async () => {
    const env = dbEnv();
    const en = await runKam(['chat', '--user', 'u1', '--lang', 'en'], { input: '/help\n', env });
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('KAM Bot commands:');
    expect(en.stdout).toMatch(/\/lang .*Choose your language/);
    const zh = await runKam(['chat', '--user', 'u1', '--lang', 'zh'], { input: '/help\n', env });
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain('KAM Bot 命令：');
    expect(zh.stdout).toMatch(/\/lang .*设置语言/);
  });

  it('answers an unknown command with the closest command name, in the user’s language', async () => {
    const env = dbEnv();
    const en = await runKam(['chat', '--user', 'u2', '--lang', 'en'], { input: '/hepl\n/whoamii\n', env });
    expect(en.stdout).toContain('Unknown command "hepl". Did you mean /help?');
    expect(en.stdout).toContain('Did you mean /whoami?');
    const zh = await runKam(['chat', '--user', 'u2', '--lang', 'zh'], { input: '/hepl\n', env });
    expect(zh.stdout).toContain('未知命令“hepl”。您是想用 /help 吗？');
  });

  it('handles each line in order, keeps the user’s settings, and exits after the last reply', async () => {
    const env = dbEnv();
    const first = await runKam(['chat', '--user', 'u3', '--lang', 'en', '--tz', 'Europe/Berlin'], {
      input: '/whoami\n/lang zh\n/tz Asia/Tokyo\n/whoami\n',
      env,
    });
    const lines = first.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^You are u3 \(rep\).*time zone: Europe\/Berlin/);
    expect(lines[1]).toBe('语言已设为中文。');
    // --lang is this session's explicit choice, so it still wins over the stored setting for this run…
    expect(lines[3]).toMatch(/^You are u3 .*time zone: Asia\/Tokyo/);
    // …and the next session without --lang follows the stored setting.
    const next = await runKam(['chat', '--user', 'u3'], { input: '/whoami\n', env });
    expect(next.stdout.trim()).toMatch(/^您是 u3（大客户专员）.*语言：中文，时区：Asia\/Tokyo/);
  });

  it('refuses malformed flags with a usage message and exit code 2', async () => {
    const bad = await runKam(['chat', '--user', 'u1', '--now', 'next tuesday'], { env: dbEnv() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--now must be an ISO 8601 time');
    const noUser = await runKam(['chat'], { env: dbEnv() });
    expect(noUser.code).toBe(2);
    expect(noUser.stderr).toContain('--user');
  });
});

describe('kam start', () => {
  it('exits 1 listing every configuration problem at once', async () => {
    const result = await runKam(['start'], { env: { SLACK_BOT_TOKEN: 'xoxb-1-2-3', MONGODB_URI: 'mongodb//nope' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('2 configuration problems');
    expect(result.stderr).toContain('SLACK_SIGNING_SECRET');
    expect(result.stderr).toContain('MONGODB_URI');
  });

  it('opens the console chat on the embedded defaults when no platform is configured, and leaves no server behind', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kam-start-'));
    const result = await runKam(['start'], { input: '/help\n', env: { KAM_DATA_DIR: dataDir, DEFAULT_LOCALE: 'en' }, timeoutMs: 120_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('KAM Bot commands:');
    const leftovers = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes(dataDir));
    expect(leftovers).toEqual([]);
  });
});

describe('kam admin', () => {
  it('lets the operator manage teams and users without a chat platform', async () => {
    const env = dbEnv();
    await runKam(['chat', '--user', 'alice'], { input: '/whoami\n', env });
    const team = await runKam(['admin', '/team add East-1 tz:Asia/Shanghai'], { env });
    expect(team.stdout).toContain('Team "East-1" created');
    const role = await runKam(['admin', '/user role alice supervisor'], { env });
    expect(role.stdout).toContain('alice is now supervisor');
    const member = await runKam(['admin', 'user team alice East-1'], { env });
    expect(member.stdout).toContain('alice is now in team East-1');
    const who = await runKam(['chat', '--user', 'alice', '--lang', 'en'], { input: '/whoami\n', env });
    expect(who.stdout).toMatch(/You are alice \(supervisor\), team: East-1/);
  });

  it('makes the people listed in KAM_ADMINS admins on first contact, and nobody else', async () => {
    const env = { ...dbEnv(), KAM_ADMINS: 'boss, it@example.com' };
    const boss = await runKam(['chat', '--user', 'boss', '--lang', 'en'], { input: '/team list\n', env });
    expect(boss.stdout).toContain('No teams yet');
    const rep = await runKam(['chat', '--user', 'someone', '--lang', 'en'], { input: '/team list\n', env });
    expect(rep.stdout).toContain('You do not have permission');
  });
});
