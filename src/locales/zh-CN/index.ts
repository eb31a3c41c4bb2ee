/** 简体中文文案，按模块分文件；每个键在 en 中都有对应（test/core/i18n.test.ts 检查）。 */
import ar from './ar.ts';
import core from './core.ts';
import doctor from './doctor.ts';
import customer from './customer.ts';
import report from './report.ts';
import visit from './visit.ts';
import jobs from './jobs.ts';
import inbox from './inbox.ts';

export default { ...core, ...doctor, ...customer, ...visit, ...report, ...ar, ...jobs, ...inbox };
