/**
 * Seeded generator of hostile and ordinary chat input for the fuzz test and `npm run bench fuzz`: notes made
 * of date words, customers, people, amounts, markup, query operators, prototype names, control characters,
 * emoji and long repeats, plus console lines that put them behind real commands. Same seed, same inputs.
 */

/** mulberry32: small, fast, good enough to pick pieces; a failure reproduces from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES: readonly string[] = [
  // dates, plausible and not
  '今天', '昨天', '下周三', '上周五', '月底前', '3天后', '10个工作日内', '2000个工作日内', '99999天后', '173月20日', '2月30日',
  '11.20', '12/5', '2026-13-01', '2300年1月1日', 'Nov 23', 'next Monday', 'in 2 weeks', 'by Friday', '过几天', '下周八', '12月15日前',
  // customers and people
  '华为', '华为技术有限公司', 'CATL', 'Huawei', '宁德时代', '比亚迪', '拜访', '张总', '李经理', 'Dr. Smith', 'John Smith (CTO)',
  // verbs and content
  '谈续约', '回访', '电话', '视频会议', '发方案', 'follow up', 'discussed pricing', '报价12.8', '（备注：价格敏感）', '，', '。', ' ',
  // amounts
  '5万', '-5万', '¥30,000', '1e28', `${'9'.repeat(308)}元`, '50k', '−3千',
  // hostile
  '{"$gt":""}', '<!channel>', '<@U123ABC>', '<at id=all></at>', '**bold**', '`code`', '__proto__', 'constructor', 'toString',
  '\u0000', '\u001b[31m', '\u202e', '\ud800', '🚀', '＝SUM(1)', '=cmd|calc', 'channel:__proto__', 'status:constructor', 'customer:',
  'date:', 'next:2300-01-01', '"unclosed', '\n', '\t',
];

const COMMANDS: readonly string[] = [
  '/visit ', '/visit customer:华为 channel:', '/visit customer:华为 summary:', '/customer add ', '/customer add 测试 status:',
  '/customer add 测试 revenue:', '/customer add 测试 industry:', '/customer show ', '/customer find ', '/callback add 华为 ',
  '/callback snooze 1 ', '/ar promise INV-1 ', '/ar paid INV-1 ', '/leave add ', '/report ', '/undo ', '/help ', '/lang ', '/tz ',
  '/team add ', '/user role zhang ', '', '', '',
];

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)] as T;
}

/** One note: a few pieces, sometimes one piece repeated up to `maxLength` (the wall-of-text case). */
export function note(r: () => number, maxLength = 4000): string {
  if (r() < 0.08) {
    const unit = pick(r, PIECES);
    return unit.repeat(Math.ceil(maxLength / Math.max(1, unit.length))).slice(0, maxLength);
  }
  let out = '';
  const parts = 1 + Math.floor(r() * 12);
  for (let i = 0; i < parts; i++) out += pick(r, PIECES);
  return out.slice(0, maxLength);
}

export function notes(seed: number, count: number, maxLength = 4000): string[] {
  const r = rng(seed);
  return Array.from({ length: count }, () => note(r, maxLength));
}

/** Console lines: a command (or none: a direct-message note) followed by a generated note. */
export function consoleLines(seed: number, count: number): string[] {
  const r = rng(seed);
  return Array.from({ length: count }, () => `${pick(r, COMMANDS)}${note(r, 300)}`.replace(/\n/g, ' '));
}
