/**
 * `kam doctor`: checks everything a deployment needs and explains each problem in the admin's language,
 * ending with one line per problem and what to do. Read-only: it creates no index and sends no message.
 */
import { readFileSync, existsSync } from 'node:fs';
import chineseDays from 'chinese-days';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { parse as parseYaml } from 'yaml';
import type { Config, ConfigProblem } from '../config/env.ts';
import type { Translate } from '../core/i18n.ts';
import { registerModels } from '../persistence/models/index.ts';
import { isIanaTimeZone } from '../domain/time-zones.ts';
import { findFerretDbBinary } from '../services/provision.ts';
import { findCjkFont } from './fonts.ts';
import { withDeadline } from '../core/deadline.ts';

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  id: string;
  status: CheckStatus;
  detail: string;
  fix?: string;
}

type Check = (env: DoctorEnv) => Promise<CheckResult[]>;

export interface DoctorEnv {
  config: Config;
  t: Translate;
  now: Date;
  /** Where adapters/slack/manifest.yml lives (the scopes the app asks for). */
  manifestPath: string;
  timeoutMs: number;
}

const result = (id: string, status: CheckStatus, detail: string, fix?: string): CheckResult => ({ id, status, detail, fix });
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

const mongoCheck: Check = async ({ config, t, timeoutMs }) => {
  const uri = config.env.MONGODB_URI;
  if (!uri) {
    const binary = await findFerretDbBinary({ cacheDir: config.env.KAM_CACHE_DIR });
    return binary
      ? [result('mongodb', 'ok', t('doctor.mongo.embedded', { path: binary.path }))]
      : [result('mongodb', 'warn', t('doctor.mongo.embeddedMissing'), t('doctor.mongo.embeddedFix'))];
  }
  const conn = mongoose.createConnection(uri, { dbName: config.env.MONGODB_DB, autoIndex: false, autoCreate: false, serverSelectionTimeoutMS: timeoutMs });
  try {
    await withDeadline(conn.asPromise(), timeoutMs);
    await withDeadline(conn.db!.admin().ping(), timeoutMs);
    const models = registerModels(conn);
    const missing: string[] = [];
    for (const model of Object.values(models)) {
      const exists = (await conn.db!.listCollections({ name: model.collection.collectionName }).toArray()).length > 0;
      if (!exists) {
        missing.push(`${model.collection.collectionName} (all)`);
        continue;
      }
      const diff = await model.diffIndexes();
      for (const index of diff.toCreate) missing.push(`${model.collection.collectionName} ${JSON.stringify(index)}`);
    }
    return [
      result('mongodb', 'ok', t('doctor.mongo.ok')),
      missing.length === 0
        ? result('mongodb-indexes', 'ok', t('doctor.mongo.indexesOk'))
        : result('mongodb-indexes', 'warn', t('doctor.mongo.indexesMissing', { list: missing.slice(0, 5).join('; '), count: missing.length }), t('doctor.mongo.indexesFix')),
    ];
  } catch (error) {
    return [result('mongodb', 'fail', t('doctor.mongo.fail', { reason: message(error) }), t('doctor.mongo.fix'))];
  } finally {
    await conn.close().catch(() => undefined);
  }
};

const redisCheck: Check = async ({ config, t, timeoutMs }) => {
  const url = config.env.REDIS_URL;
  if (!url) return [result('redis', 'skip', t('doctor.redis.none'))];
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: timeoutMs, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await withDeadline(redis.connect(), timeoutMs);
    await withDeadline(redis.ping(), timeoutMs);
    let policy: string | undefined;
    try {
      const reply = (await withDeadline(redis.call('CONFIG', 'GET', 'maxmemory-policy'), timeoutMs)) as string[];
      policy = reply[1];
    } catch {
      return [result('redis', 'ok', t('doctor.redis.ok')), result('redis-policy', 'warn', t('doctor.redis.policyUnknown'), t('doctor.redis.policyFix'))];
    }
    return [
      result('redis', 'ok', t('doctor.redis.ok')),
      policy === 'noeviction'
        ? result('redis-policy', 'ok', t('doctor.redis.policyOk'))
        : result('redis-policy', 'fail', t('doctor.redis.policyBad', { policy }), t('doctor.redis.policyFix')),
    ];
  } catch (error) {
    return [result('redis', 'fail', t('doctor.redis.fail', { reason: message(error) }), t('doctor.redis.fix'))];
  } finally {
    redis.disconnect();
  }
};

function manifestScopes(path: string): string[] {
  if (!existsSync(path)) return [];
  const manifest = parseYaml(readFileSync(path, 'utf8')) as { oauth_config?: { scopes?: { bot?: string[] } } };
  return manifest.oauth_config?.scopes?.bot ?? [];
}

const slackCheck: Check = async ({ config, t, timeoutMs, manifestPath }) => {
  const token = config.env.SLACK_BOT_TOKEN;
  if (!token) return [result('slack', 'skip', t('doctor.slack.none'))];
  const base = (config.env.SLACK_API_URL ?? 'https://slack.com/api/').replace(/\/?$/, '/');
  try {
    const res = await withDeadline(fetch(`${base}auth.test`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }), timeoutMs);
    const body = (await res.json()) as { ok: boolean; error?: string; team?: string; user?: string };
    if (!body.ok) return [result('slack', 'fail', t('doctor.slack.authFail', { error: body.error ?? res.status }), t('doctor.slack.authFix'))];
    const granted = new Set((res.headers.get('x-oauth-scopes') ?? '').split(',').map((s) => s.trim()).filter(Boolean));
    const missing = manifestScopes(manifestPath).filter((s) => !granted.has(s));
    return [
      result('slack', 'ok', t('doctor.slack.ok', { team: body.team ?? '?', user: body.user ?? '?' })),
      missing.length === 0
        ? result('slack-scopes', 'ok', t('doctor.slack.scopesOk'))
        : result('slack-scopes', 'fail', t('doctor.slack.scopesMissing', { list: missing.join(', ') }), t('doctor.slack.scopesFix')),
    ];
  } catch (error) {
    return [result('slack', 'fail', t('doctor.slack.unreachable', { reason: message(error) }), t('doctor.slack.unreachableFix'))];
  }
};

const feishuCheck: Check = async ({ config, t, timeoutMs }) => {
  const { FEISHU_APP_ID: appId, FEISHU_APP_SECRET: appSecret, FEISHU_DOMAIN: domain } = config.env;
  if (!appId || !appSecret) return [result('feishu', 'skip', t('doctor.feishu.none'))];
  const base = domain.replace(/\/$/, '');
  try {
    const tokenRes = await withDeadline(
      fetch(`${base}/open-apis/auth/v3/tenant_access_token/internal`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ app_id: appId, app_secret: appSecret }) }),
      timeoutMs,
    );
    const token = (await tokenRes.json()) as { code: number; msg?: string; tenant_access_token?: string };
    if (token.code !== 0 || !token.tenant_access_token) return [result('feishu', 'fail', t('doctor.feishu.tokenFail', { code: token.code, msg: token.msg ?? '' }), t('doctor.feishu.tokenFix'))];
    const botRes = await withDeadline(fetch(`${base}/open-apis/bot/v3/info`, { headers: { authorization: `Bearer ${token.tenant_access_token}` } }), timeoutMs);
    const bot = (await botRes.json()) as { code: number; msg?: string; bot?: { app_name?: string } };
    if (bot.code !== 0) return [result('feishu', 'fail', t('doctor.feishu.botFail', { code: bot.code, msg: bot.msg ?? '' }), t('doctor.feishu.botFix'))];
    return [result('feishu', 'ok', t('doctor.feishu.ok', { name: bot.bot?.app_name ?? appId }))];
  } catch (error) {
    return [result('feishu', 'fail', t('doctor.feishu.unreachable', { reason: message(error) }), t('doctor.feishu.unreachableFix'))];
  }
};

const fontCheck: Check = async ({ config, t }) => {
  const font = findCjkFont(config.env.CHART_FONT_FILE);
  if (font.ok) return [result('font', 'ok', t('doctor.font.ok', { file: font.file }))];
  return [
    font.reason === 'configured-missing'
      ? result('font', 'fail', t('doctor.font.configuredMissing', { file: font.file }), t('doctor.font.fix'))
      : result('font', 'fail', t('doctor.font.none'), t('doctor.font.fix')),
  ];
};

const calendarCheck: Check = async ({ t, now, config }) => {
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: config.env.DEFAULT_TIMEZONE, year: 'numeric' }).format(now));
  const known = (y: number) => chineseDays.getHolidaysInRange(`${y}-01-01`, `${y}-12-31`, false).length > 0;
  if (!known(year)) return [result('calendar', 'fail', t('doctor.calendar.missing', { year }), t('doctor.calendar.fix'))];
  if (!known(year + 1)) return [result('calendar', 'warn', t('doctor.calendar.nextMissing', { year, next: year + 1 }), t('doctor.calendar.fix'))];
  return [result('calendar', 'ok', t('doctor.calendar.ok', { year, next: year + 1 }))];
};

const timeZoneCheck: Check = async ({ config, t }) => {
  const zone = config.env.DEFAULT_TIMEZONE;
  return [isIanaTimeZone(zone) ? result('timezone', 'ok', t('doctor.tz.ok', { zone })) : result('timezone', 'fail', t('doctor.tz.bad', { zone }), t('doctor.tz.fix'))];
};

export const CHECKS: Check[] = [mongoCheck, redisCheck, slackCheck, feishuCheck, fontCheck, timeZoneCheck, calendarCheck];

export async function runDoctor(env: DoctorEnv): Promise<CheckResult[]> {
  const results = await Promise.all(CHECKS.map((check) => check(env).catch((e: unknown) => [result('internal', 'fail', message(e))])));
  return results.flat();
}

export function configProblemsAsResults(problems: ConfigProblem[], t: Translate): CheckResult[] {
  return problems.map((p) => result('config', 'fail', `${p.key} ${p.message}`, t('doctor.config.fix')));
}

const MARK: Record<CheckStatus, string> = { ok: '✔', warn: '!', fail: '✖', skip: '-' };

export function formatDoctor(results: CheckResult[], t: Translate): string {
  const lines = results.map((r) => `${MARK[r.status]} ${r.id.padEnd(16)} ${r.detail}`);
  const problems = results.filter((r) => r.status === 'fail' || r.status === 'warn');
  lines.push('');
  if (problems.length === 0) lines.push(t('doctor.allGood'));
  else {
    lines.push(t('doctor.problems', { count: problems.length }));
    for (const p of problems) lines.push(`  ${MARK[p.status]} ${p.id}: ${p.detail}${p.fix ? ` → ${p.fix}` : ''}`);
  }
  return lines.join('\n');
}
