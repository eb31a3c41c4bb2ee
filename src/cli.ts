/**
 * The `kam` command: chat, start, provision. Parses flags, loads the configuration once and hands over to
 * the composition root. Returns the exit code.
 */
import { parseArgs } from 'node:util';
import { formatProblems, loadConfig, loadConfigLenient, type Config } from './config/env.ts';
import { createI18n } from './core/i18n.ts';
import { configProblemsAsResults, formatDoctor, runDoctor } from './ops/doctor.ts';
import { fixedClock, systemClock, type Clock } from './core/clock.ts';
import { createLogger } from './logging.ts';
import { exportDeliveries, openRuntime, runAdminCommand, runConsoleChat, runJobsCommand, runServer, runStart } from './main.ts';
import { ensureFerretDbBinary, ProvisioningError } from './services/provision.ts';
import { isIanaTimeZone } from './domain/time-zones.ts';
import { ImportFileError } from './operations/csv-read.ts';
import { checkImportFile, importFile, IMPORT_KINDS, isImportKind, terminalProgress } from './operations/import.ts';
import { formatReport } from './operations/import-run.ts';
import { EXPORT_FORMATS, EXPORT_KINDS, exportRecords, type ExportFormat, type ExportKind } from './operations/export.ts';

const USAGE = `Usage: kam <command> [options]

Commands:
  start                     run every configured platform (Slack, Feishu); the console chat when none is
  worker                    run only the scheduler's workers (needs REDIS_URL); scale out with several
  chat --user <id> [--name <display name>] [--lang zh|en] [--tz <IANA zone>] [--now <ISO time>]
                            chat in the terminal, interactive or fed by a pipe (one message per line)
  doctor [--lang zh|en]     check configuration, MongoDB and indexes, Redis, Slack, Feishu, fonts, calendar
  admin "<command>"          run one bot command as the operator (an admin), e.g. kam admin "/team add East-1"
  import users|customers|receivables <file.csv>
                            import a CSV (UTF-8, English or Chinese headers); summary and rejected rows on stderr
  export visits|customers|callbacks|receivables|reports|users [--format json|csv] [--now <ISO time>]
                            write every record to stdout (json by default; csv is UTF-8 with BOM, for Excel)
  export deliveries [--format json|csv]
                            the scheduled jobs' delivery log: job, recipient, platform, period, sentAt, status, text
  jobs list [--team <t>] [--now <ISO time>]
                            each team's schedules and next run times, in the team's zone
  jobs run <job> [--team <t>] [--now <ISO time>] [--force]
                            run one job once (weekly-report-reminder, callback-nudges, overdue-alerts,
                            manager-summary, monthly-rollup); --force also serves those not due at that time
  provision                 build or locate the embedded MongoDB-compatible server (FerretDB) and exit
  help                      this text`;

class UsageError extends Error {}

function loadOrExplain(): Config | null {
  const result = loadConfig();
  if (result.ok) return result.config;
  process.stderr.write(`${formatProblems(result.problems)}\n`);
  return null;
}

function parseNow(value: string | undefined): Clock | undefined {
  if (value === undefined) return undefined;
  // Require an explicit offset or Z: a bare local time would silently depend on the machine's zone.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new UsageError(`--now must be an ISO 8601 time with an offset, e.g. 2026-11-25T10:00:00+08:00 (got "${value}")`);
  }
  return fixedClock(value);
}

async function chat(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      user: { type: 'string' },
      name: { type: 'string' },
      lang: { type: 'string' },
      tz: { type: 'string' },
      now: { type: 'string' },
    },
    strict: true,
  });
  if (!values.user) throw new UsageError('kam chat needs --user <id>');
  if (values.lang && !['zh', 'zh-CN', 'en'].includes(values.lang)) throw new UsageError('--lang must be zh or en');
  if (values.tz && !isIanaTimeZone(values.tz)) throw new UsageError('--tz must be an IANA time zone such as Asia/Shanghai');
  const clock = parseNow(values.now);
  const config = loadOrExplain();
  if (!config) return 1;
  const logger = createLogger(config.env.LOG_LEVEL === 'info' ? 'warn' : config.env.LOG_LEVEL);
  await runConsoleChat(config, logger, {
    userId: values.user,
    name: values.name,
    lang: values.lang === 'zh' ? 'zh-CN' : values.lang,
    timeZone: values.tz,
    clock,
    input: process.stdin,
    output: process.stdout,
    interactive: Boolean(process.stdin.isTTY),
  });
  return 0;
}

async function start(): Promise<number> {
  const config = loadOrExplain();
  if (!config) return 1;
  const consoleOnly = !config.platforms.slack && !config.platforms.feishu;
  const logger = createLogger(consoleOnly && config.env.LOG_LEVEL === 'info' ? 'warn' : config.env.LOG_LEVEL);
  await runStart(config, logger);
  return 0;
}

async function provision(): Promise<number> {
  const config = loadOrExplain();
  if (!config) return 1;
  if (config.env.MONGODB_URI) {
    process.stdout.write('MONGODB_URI is set: nothing to provision.\n');
    return 0;
  }
  const binary = await ensureFerretDbBinary({
    cacheDir: config.env.KAM_CACHE_DIR,
    progress: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${binary.path}\n`);
  return 0;
}

async function doctor(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { lang: { type: 'string' }, timeout: { type: 'string' } }, strict: true });
  // With a broken configuration, the other checks still run (broken keys at their defaults): all problems at once.
  const { config, problems } = loadConfigLenient();
  const lang = values.lang === 'en' ? 'en' : values.lang === 'zh' || values.lang === 'zh-CN' ? 'zh-CN' : config.env.DEFAULT_LOCALE;
  const t = (await createI18n(lang)).t(lang);
  const results = [
    ...configProblemsAsResults(problems, t),
    ...(await runDoctor({
      config,
      t,
      now: new Date(),
      manifestPath: new URL('../adapters/slack/manifest.yml', import.meta.url).pathname,
      timeoutMs: Number(values.timeout ?? 5000),
    })),
  ];
  process.stdout.write(`${formatDoctor(results, t)}\n`);
  return results.some((r) => r.status === 'fail') ? 1 : 0;
}

async function admin(argv: string[]): Promise<number> {
  const text = argv.join(' ').trim();
  if (!text) throw new UsageError('kam admin needs a command, e.g. kam admin "/user role alice@example.com supervisor"');
  const config = loadOrExplain();
  if (!config) return 1;
  await runAdminCommand(config, createLogger(config.env.LOG_LEVEL === 'info' ? 'warn' : config.env.LOG_LEVEL), text.startsWith('/') ? text : `/${text}`);
  return 0;
}

/** Exit 0 once the file was read, even with rejected rows (they are listed); 1 when it cannot be read. */
async function importCsv(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, options: {}, allowPositionals: true, strict: true });
  const [kind, file, ...extra] = positionals;
  if (!isImportKind(kind) || !file || extra.length > 0) throw new UsageError(`kam import needs ${IMPORT_KINDS.join('|')} and a CSV file`);
  const config = loadOrExplain();
  if (!config) return 1;
  try {
    // Before starting a database: a wrong path or header fails in a second.
    await checkImportFile(kind, file);
    const runtime = await openRuntime(config, createLogger(config.env.LOG_LEVEL === 'info' ? 'warn' : config.env.LOG_LEVEL));
    try {
      const progress = terminalProgress(process.stderr);
      const report = await importFile({ models: runtime.store.models, kind, file, defaultTimeZone: config.env.DEFAULT_TIMEZONE, progress });
      process.stderr.write(formatReport(file, report));
    } finally {
      await runtime.close();
    }
    return 0;
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    process.stderr.write(`kam import: ${file}: ${error.message}\n`);
    return 1;
  }
}

async function exportAll(argv: string[]): Promise<number> {
  if (argv[0] === 'deliveries') return exportDeliveryLog(argv.slice(1));
  const { values, positionals } = parseArgs({
    args: argv,
    options: { format: { type: 'string', default: 'json' }, now: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [kind, ...extra] = positionals;
  if (!EXPORT_KINDS.includes(kind as ExportKind) || extra.length > 0) throw new UsageError(`kam export needs one of ${EXPORT_KINDS.join('|')}`);
  if (!EXPORT_FORMATS.includes(values.format as ExportFormat)) throw new UsageError('--format must be json or csv');
  const clock = parseNow(values.now);
  const config = loadOrExplain();
  if (!config) return 1;
  const runtime = await openRuntime(config, createLogger(config.env.LOG_LEVEL === 'info' ? 'warn' : config.env.LOG_LEVEL), clock);
  try {
    await exportRecords({
      models: runtime.store.models,
      kind: kind as ExportKind,
      format: values.format as ExportFormat,
      out: process.stdout,
      timeZone: config.env.DEFAULT_TIMEZONE,
      now: (clock ?? systemClock).now(),
    });
  } catch (error) {
    // The reader went away (`kam export visits | head`): what it wanted was written.
    if ((error as { code?: string }).code !== 'EPIPE') throw error;
  } finally {
    await runtime.close();
  }
  return 0;
}

async function exportDeliveryLog(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { format: { type: 'string', default: 'json' } }, strict: true });
  if (values.format !== 'json' && values.format !== 'csv') throw new UsageError('--format must be json or csv');
  const config = loadOrExplain();
  if (!config) return 1;
  await exportDeliveries(config, createLogger(config.env.LOG_LEVEL === 'info' ? 'warn' : config.env.LOG_LEVEL), values.format);
  return 0;
}

async function jobs(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { team: { type: 'string' }, now: { type: 'string' }, force: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  const [sub, job, ...extra] = positionals;
  if (extra.length > 0 || (sub !== 'list' && sub !== 'run') || (sub === 'run') !== Boolean(job)) throw new UsageError('kam jobs list | kam jobs run <job>');
  const now = (parseNow(values.now) ?? systemClock).now();
  const config = loadOrExplain();
  if (!config) return 1;
  const logger = createLogger(config.env.LOG_LEVEL === 'info' ? 'warn' : config.env.LOG_LEVEL);
  try {
    await runJobsCommand(config, logger, sub === 'list' ? { kind: 'list', team: values.team, now } : { kind: 'run', job: job as string, team: values.team, now, force: values.force });
  } catch (error) {
    if ((error as Error).name === 'JobsUsageError' || (error as Error).constructor?.name === 'JobsUsageError') throw new UsageError((error as Error).message);
    throw error;
  }
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'chat':
        return await chat(rest);
      case 'start':
        return await start();
      case 'worker': {
        const config = loadOrExplain();
        if (!config) return 1;
        await runServer(config, createLogger(config.env.LOG_LEVEL), 'worker');
        return 0;
      }
      case 'provision':
        return await provision();
      case 'admin':
        return await admin(rest);
      case 'doctor':
        return await doctor(rest);
      case 'import':
        return await importCsv(rest);
      case 'export':
        return await exportAll(rest);
      case 'jobs':
        return await jobs(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`kam: ${(error as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof ProvisioningError) {
      process.stderr.write(`kam: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
