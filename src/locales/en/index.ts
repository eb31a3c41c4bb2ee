/** English messages, one file per area; every key exists in zh-CN too (test/core/i18n.test.ts checks). */
import ar from './ar.ts';
import core from './core.ts';
import doctor from './doctor.ts';
import customer from './customer.ts';
import report from './report.ts';
import visit from './visit.ts';
import jobs from './jobs.ts';
import inbox from './inbox.ts';

export default { ...core, ...doctor, ...customer, ...visit, ...report, ...ar, ...jobs, ...inbox };
