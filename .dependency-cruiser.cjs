/**
 * The dependency rule, checked mechanically by `npm run lint` (and by test/architecture.test.ts):
 * the platform-neutral core and the domain import no database, queue or chat SDK and nothing from
 * adapters/ or jobs/; only the composition root (src/main.ts) wires them.
 */
const infrastructure = '(^|node_modules/)(mongoose|mongodb|bullmq|ioredis|@slack|@larksuiteoapi|node-cron|pino)(/|$)';

module.exports = {
  forbidden: [
    {
      name: 'core-and-domain-stay-neutral',
      severity: 'error',
      comment: 'src/core and src/domain must not import database, queue, logging or chat-platform libraries.',
      from: { path: '^src/(core|domain)/' },
      to: { path: infrastructure },
    },
    {
      name: 'core-and-domain-know-no-outside',
      severity: 'error',
      comment: 'src/core and src/domain must not import adapters/, jobs/, persistence or provisioning.',
      from: { path: '^src/(core|domain)/' },
      to: { path: '^(adapters|jobs)/|^src/(persistence|services|main|cli|logging)' },
    },
    {
      name: 'core-below-domain',
      severity: 'error',
      comment: 'The core is generic: it must not depend on the domain.',
      from: { path: '^src/core/' },
      to: { path: '^src/domain/' },
    },
    {
      name: 'only-the-composition-root-wires-adapters-and-jobs',
      severity: 'error',
      comment: 'Only src/main.ts imports adapters/ and jobs/.',
      from: { path: '^src/', pathNot: '^src/main\\.ts$' },
      to: { path: '^(adapters|jobs)/' },
    },
    {
      name: 'adapters-do-not-touch-storage',
      severity: 'error',
      comment: 'Adapters translate; they reach the store only through the core.',
      from: { path: '^adapters/' },
      to: { path: '^src/(persistence|services)/|(^|node_modules/)(mongoose|mongodb)(/|$)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
