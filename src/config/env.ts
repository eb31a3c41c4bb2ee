/**
 * The one place that reads the environment. `loadConfig` parses it once at start with a single zod schema
 * and reports every problem together, each with a hint on how to fix it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConnectionString } from 'mongodb-connection-string-url';

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(blankToUndefined, z.string().trim().optional());

function isIanaZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function isMongoUri(uri: string): boolean {
  try {
    new ConnectionString(uri);
    return true;
  } catch {
    return false;
  }
}

const cronField = /^[\d*/,\-A-Za-z?LW#]+$/;
function isCronPattern(p: string): boolean {
  const fields = p.trim().split(/\s+/);
  return (fields.length === 5 || fields.length === 6) && fields.every((f) => cronField.test(f));
}

const cron = (fallback: string) =>
  z.preprocess(blankToUndefined, z.string().default(fallback)).refine(isCronPattern, {
    message: 'must be a cron pattern of 5 fields, e.g. "0 16 * * 5"',
  });

export const envSchema = z
  .object({
    // core
    NODE_ENV: z.preprocess(blankToUndefined, z.enum(['development', 'production', 'test']).default('development')),
    LOG_LEVEL: z.preprocess(
      blankToUndefined,
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
    DEFAULT_LOCALE: z.preprocess(blankToUndefined, z.enum(['zh-CN', 'en']).default('zh-CN')),
    DEFAULT_TIMEZONE: z
      .preprocess(blankToUndefined, z.string().default('Asia/Shanghai'))
      .refine(isIanaZone, { message: 'must be an IANA time zone such as Asia/Shanghai or Europe/Berlin' }),
    PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(65535).default(3000)),
    KAM_DATA_DIR: z.preprocess(blankToUndefined, z.string().default('.kam-data')),
    KAM_CACHE_DIR: optionalString,
    INBOX_RETENTION_DAYS: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(365).default(7)),
    CHART_FONT_FILE: optionalString,
    KAM_ADMINS: z.preprocess(
      blankToUndefined,
      z
        .string()
        .default('')
        .transform((v) => v.split(/[,\s]+/).map((s) => s.trim().toLowerCase()).filter(Boolean)),
    ),
    // MongoDB
    MONGODB_URI: optionalString.refine((v) => v === undefined || isMongoUri(v), {
      message: 'must be a MongoDB connection string such as mongodb://127.0.0.1:27017/kam',
    }),
    MONGODB_DB: z.preprocess(blankToUndefined, z.string().regex(/^[A-Za-z0-9_-]{1,63}$/).default('kam')),
    // Redis
    REDIS_URL: optionalString.refine((v) => v === undefined || /^rediss?:\/\/.+/.test(v), {
      message: 'must be a Redis URL such as redis://127.0.0.1:6379',
    }),
    QUEUE_PREFIX: z.preprocess(blankToUndefined, z.string().regex(/^[A-Za-z0-9_:-]+$/).default('kam')),
    // Slack
    SLACK_BOT_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xoxb-'), {
      message: 'must be a bot token starting with xoxb-',
    }),
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_APP_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xapp-'), {
      message: 'must be an app-level token starting with xapp- (Socket Mode)',
    }),
    SLACK_API_URL: optionalString.refine((v) => v === undefined || /^https?:\/\//.test(v), {
      message: 'must be an http(s) URL ending in /api/',
    }),
    // Feishu / Lark
    FEISHU_APP_ID: optionalString,
    FEISHU_APP_SECRET: optionalString,
    FEISHU_MODE: z.preprocess(blankToUndefined, z.enum(['ws', 'webhook']).default('ws')),
    FEISHU_ENCRYPT_KEY: optionalString,
    FEISHU_VERIFICATION_TOKEN: optionalString,
    FEISHU_DOMAIN: z.preprocess(blankToUndefined, z.string().url().default('https://open.feishu.cn')),
    // schedules (team defaults; each team can override)
    SCHEDULE_WEEKLY_REPORT_REMINDER: cron('0 16 * * 5'),
    SCHEDULE_WEEKLY_REPORT_SECOND_REMINDER: cron('0 9 * * 1'),
    SCHEDULE_CALLBACK_NUDGES: cron('0 9 * * 1-5'),
    SCHEDULE_OVERDUE_ALERTS: cron('30 9 * * 1-5'),
    SCHEDULE_MANAGER_SUMMARY: cron('30 9 * * 1'),
    SCHEDULE_MONTHLY_ROLLUP: cron('0 9 1 * *'),
  })
  .superRefine((env, ctx) => {
    if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message:
          'is required when SLACK_BOT_TOKEN is set (HTTP mode); copy it from your Slack app → Basic Information → Signing Secret, or set SLACK_APP_TOKEN for Socket Mode',
      });
    }
    if (!env.SLACK_BOT_TOKEN && (env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN)) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_BOT_TOKEN'],
        message: 'is required when other SLACK_* keys are set; copy the xoxb- token from OAuth & Permissions',
      });
    }
    if (Boolean(env.FEISHU_APP_ID) !== Boolean(env.FEISHU_APP_SECRET)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.FEISHU_APP_ID ? 'FEISHU_APP_SECRET' : 'FEISHU_APP_ID'],
        message: 'FEISHU_APP_ID and FEISHU_APP_SECRET go together (Feishu developer console → Credentials)',
      });
    }
    if (env.FEISHU_APP_ID && env.FEISHU_MODE === 'webhook') {
      for (const key of ['FEISHU_ENCRYPT_KEY', 'FEISHU_VERIFICATION_TOKEN'] as const) {
        if (!env[key]) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: 'is required when FEISHU_MODE=webhook (Feishu console → Events & Callbacks → Encryption Strategy)',
          });
        }
      }
    }
  });

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env;
  /** Absolute path of the folder for embedded data (FerretDB's SQLite files). */
  dataDir: string;
  platforms: { slack: null | { mode: 'http' | 'socket' }; feishu: null | { mode: 'ws' | 'webhook' } };
}

export interface ConfigProblem {
  key: string;
  message: string;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: ConfigProblem[] };

/** Parses an environment (normally `process.env`, after an optional `.env` file) into the app's config. */
export function parseConfig(source: Record<string, string | undefined>, cwd: string): ConfigResult {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({
      key: issue.path.map(String).join('.') || '(environment)',
      message: issue.message,
    }));
    return { ok: false, problems };
  }
  const env = parsed.data;
  return {
    ok: true,
    config: {
      env,
      dataDir: path.resolve(cwd, env.KAM_DATA_DIR),
      platforms: {
        slack: env.SLACK_BOT_TOKEN ? { mode: env.SLACK_APP_TOKEN ? 'socket' : 'http' } : null,
        feishu: env.FEISHU_APP_ID ? { mode: env.FEISHU_MODE } : null,
      },
    },
  };
}

/** Reads `.env` (if any) into process.env without overriding what is already set, then parses. */
export function loadConfig(cwd = process.cwd()): ConfigResult {
  const dotenv = path.join(cwd, '.env');
  if (existsSync(dotenv)) process.loadEnvFile(dotenv);
  return parseConfig(process.env, cwd);
}

/**
 * For diagnostics (`kam doctor`): the configuration with the broken keys left at their defaults, plus the
 * problems — so every other check can still run and all problems show at once.
 */
export function loadConfigLenient(cwd = process.cwd()): { config: Config; problems: ConfigProblem[] } {
  const strict = loadConfig(cwd);
  if (strict.ok) return { config: strict.config, problems: [] };
  // A broken platform key takes its whole platform out (its keys only make sense together).
  const broken = new Set(strict.problems.map((p) => p.key));
  const brokenPlatforms = [...broken].map((k) => /^(SLACK|FEISHU)_/.exec(k)?.[1]).filter(Boolean);
  const rest = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !broken.has(k) && !brokenPlatforms.some((p) => k.startsWith(`${p}_`))),
  );
  const retry = parseConfig(rest, cwd);
  const config = retry.ok ? retry.config : (parseConfig({}, cwd) as { ok: true; config: Config }).config;
  return { config, problems: strict.problems };
}

export function formatProblems(problems: ConfigProblem[]): string {
  const lines = problems.map((p) => `  - ${p.key} ${p.message}`);
  return [
    `KAM Bot cannot start: ${problems.length} configuration problem${problems.length === 1 ? '' : 's'}:`,
    ...lines,
    'Fix them in your environment or in .env (see .env.example for every key).',
  ].join('\n');
}
