/**
 * A real worker process for the crash test: BullMQ delivery workers sending to the fake platform. Run with
 * `node --import tsx test/jobs/support/worker-process.ts`; configured by environment variables.
 */
import { createI18n } from '../../../src/core/i18n.ts';
import { silentLogger } from '../../../src/core/logger.ts';
import { openStore } from '../../../src/persistence/connection.ts';
import { mongoDeliveries } from '../../../src/persistence/deliveries.ts';
import { DEFAULT_RULES } from '../../../jobs/context.ts';
import { DEFINITIONS } from '../../../jobs/definitions/index.ts';
import { startBullDriver } from '../../../jobs/drivers/bullmq.ts';
import { DEFAULT_SCHEDULES } from '../../../jobs/schedule/defaults.ts';
import { HttpChatPort } from './http-port.ts';

const need = (k: string) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is required`);
  return v;
};

const store = await openStore(need('KAM_TEST_MONGO_URI'), need('KAM_TEST_DB'));
const env = {
  models: store.models,
  ledger: mongoDeliveries(store.models),
  i18n: await createI18n('zh-CN'),
  people: { language: 'zh-CN' as const, timeZone: 'Asia/Shanghai', calendar: 'cn' as const, platforms: ['slack' as const] },
  schedules: { ...DEFAULT_SCHEDULES },
  rules: DEFAULT_RULES,
  logger: silentLogger,
};
const driver = await startBullDriver(env, {
  redisUrl: need('KAM_TEST_REDIS_URL'),
  prefix: need('KAM_TEST_PREFIX'),
  definitions: DEFINITIONS,
  ports: new Map([['slack', new HttpChatPort('slack', need('KAM_TEST_PLATFORM_URL'))]]),
  concurrency: Number(process.env['KAM_TEST_CONCURRENCY'] ?? 4),
  lockDurationMs: 3_000,
  stalledIntervalMs: 1_000,
  schedule: false,
});
const stop = async () => {
  await driver.close();
  await store.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.stdout.write('ready\n');
