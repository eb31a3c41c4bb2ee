/**
 * `npm run bench fuzz`: what one note can cost. Parses generated notes (the fuzz test's generator, up to the
 * 4,000-character cap) against 2,000 customers and prints the median, the 99th percentile, the slowest input
 * and its time, and how many took 50 ms or more; then the issue-17 case, repeated `2000个工作日内`, at 100
 * and at 4,000 characters.
 *
 * KAM_BENCH_NOTES (default 100000), KAM_BENCH_SEED (default 17).
 */
import { parseVisitNote, type ParseContext } from '../src/nlp/index.ts';
import { buildCustomerIndex } from '../src/nlp/index.ts';
import { notes } from '../test/fuzz/inputs.ts';

const COUNT = Number(process.env['KAM_BENCH_NOTES'] ?? 100_000);
const SEED = Number(process.env['KAM_BENCH_SEED'] ?? 17);

const customers = buildCustomerIndex(
  Array.from({ length: 2000 }, (_, i) => ({ id: String(i), name: `客户${i}科技有限公司`, aliases: [`C${i}`] })).concat([
    { id: 'hw', name: '华为技术有限公司', aliases: ['华为', 'Huawei'] },
    { id: 'catl', name: '宁德时代新能源科技股份有限公司', aliases: ['宁德时代', 'CATL'] },
  ]),
);
const ctx: ParseContext = { now: new Date('2026-11-22T02:00:00Z'), timeZone: 'Asia/Shanghai', customers };

function timeOf(text: string): number {
  const t0 = performance.now();
  parseVisitNote(text, ctx);
  return performance.now() - t0;
}

// Warm-up: the first parses compile regular expressions and JIT the rules.
for (const text of notes(SEED + 1, 200)) timeOf(text);

const inputs = notes(SEED, COUNT);
const times = inputs.map(timeOf);
const order = times.map((t, i) => [t, i] as const).sort((a, b) => a[0] - b[0]);
const at = (q: number) => order[Math.min(order.length - 1, Math.floor(q * order.length))]![0];
const [slowest, slowestIndex] = order[order.length - 1]!;
const slowText = inputs[slowestIndex]!;
console.log(`${COUNT.toLocaleString('en-US')} notes (seed ${SEED}), 2,002 customers`);
console.log(`median ${at(0.5).toFixed(2)} ms, p99 ${at(0.99).toFixed(2)} ms, ${times.filter((t) => t >= 50).length} at or over 50 ms`);
console.log(`slowest: ${slowest.toFixed(1)} ms, ${slowText.length} chars: ${JSON.stringify(slowText.slice(0, 120))}${slowText.length > 120 ? '…' : ''}`);
// Re-timed alone, so a garbage collection that happened to land on it does not count as its cost.
console.log(`slowest re-timed: ${Math.min(timeOf(slowText), timeOf(slowText), timeOf(slowText)).toFixed(1)} ms`);

const workdays = (n: number) => '2000个工作日内'.repeat(Math.ceil(n / 9)).slice(0, n);
for (const n of [100, 4000]) {
  const best = Math.min(...Array.from({ length: 5 }, () => timeOf(workdays(n))));
  console.log(`"2000个工作日内" repeated, ${n} chars: ${best.toFixed(1)} ms`);
}
// A pause of the collector or of a busy machine lands on some input: re-time every slow one alone.
const slow = inputs.filter((_, i) => times[i]! >= 50);
const stillSlow = slow.map((t) => [Math.min(timeOf(t), timeOf(t), timeOf(t)), t] as const).filter(([ms]) => ms >= 50);
console.log(`${slow.length} took 50 ms or more in the pass; re-timed alone (best of 3), ${stillSlow.length} still do`);
for (const [ms, t] of stillSlow.slice(0, 5)) console.log(`  ${ms.toFixed(1)} ms: ${JSON.stringify(t.slice(0, 100))}`);
console.log(`peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
