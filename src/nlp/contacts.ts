/**
 * People met. Chinese notes name people by surname + title (张总, 李经理, 王主任); English ones by
 * honorific (Ms. Li), by "Name (Title)" / "Name, Title", or as the object of met/called/emailed.
 * The name is returned as written; the title is the title characters/words (总, 经理, CTO), not
 * a guessed expansion, because 总 can be 总经理, 总监 or 总裁 and only the rep knows which.
 */
import { isCjk, overlapsAny } from './text.ts';
import type { Contact, Span } from './types.ts';

const SURNAMES = new Set([
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米杭洪黄郁',
]);
const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '慕容', '令狐', '司徒', '夏侯', '公孙', '长孙', '尉迟', '端木'];
// Surnames that are also very common words; they only count right before a title (no given name).
const AMBIGUOUS_SURNAMES = new Set([...'于向时成高万方单和公文安常华米宁路关齐江石金白']);

// Longest first so 总经理 wins over 总 and 经理.
const TITLES = [
  '副总经理', '总经理', '副总裁', '总裁', '副总监', '总监', '总工程师', '总工', '总助', '副总', '董事长', '董事', '董秘',
  '副经理', '经理', '副主任', '主任', '副处长', '处长', '副部长', '部长', '副科长', '科长', '主管', '老师', '秘书长', '秘书',
  '局长', '院长', '所长', '厂长', '书记', '行长', '馆长', '组长', '站长', '主席', '校长', '教授', '博士', '律师', '会计', '工程师',
  '助理', '顾问', '老板', '女士', '先生', '小姐', '医生', '总', '工', '董',
];
const TITLE_RE = new RegExp(TITLES.join('|'), 'g');
const SINGLE_CHAR_TITLES = new Set(['总', '工', '董']);

// What may follow a single-character title without turning it into another word (总结, 工作 …).
const NOT_AFTER: Record<string, RegExp> = {
  总: /[结计共额数量体部价值算括归之是的监裁]/,
  工: /[作程厂人期资艺业具单地位会商序时种科]/,
  董: /[事]/,
};
const NOT_AFTER_MULTI: Record<string, RegExp> = { 经理: /人/, 主任: /务/, 老师: /傅/ };
// Words that end in a title character but are not people.
const WORD_BLACKLIST = new Set([
  '施工', '童工', '车工', '石工', '全工', '包工', '开工', '复工', '分工', '用工', '加工', '务工', '打工', '手工', '人工', '化工',
  '电工', '木工', '钳工', '焊工', '技工', '职工', '员工', '民工', '义工', '矿工', '监工', '竣工', '完工', '停工', '返工', '动工',
  '做工', '招工', '上工', '下工', '美工', '古董', '汇总', '老总', '班主任',
]);
// Two characters before a title that form a department or rank, not a given name (项目经理, 高级经理).
const NOT_A_GIVEN_NAME = new Set([
  '项目', '区域', '客户', '产品', '销售', '采购', '技术', '财务', '市场', '部门', '行政', '人事', '运营', '业务', '工程', '设备',
  '质量', '生产', '信息', '研发', '办公', '大区', '常务', '执行', '高级', '资深', '首席', '分管', '门店', '车间', '商务', '渠道',
  '品牌', '物流', '仓储', '法务', '总经', '董事', '总部', '分公', '公司', '集团', '工厂', '中心', '事业', '合同', '客服', '售后',
  '安全', '品质', '计划', '战略', '投资', '审计', '风控', '数据', '网络', '系统', '平台', '支持', '服务', '管理', '经营', '营销',
  '拜访', '见了', '约了', '联系', '电话', '微信', '邮件', '对接', '负责', '和他', '和她', '跟他', '跟她', '以及', '还有', '他们',
]);
const NOT_NAME_CHARS = /[的了和与跟及等在是见约找给向对把被让请说、，,。.\s\d]/;

function chineseContacts(text: string, blocked: readonly Span[]): Array<Contact & Span> {
  const out: Array<Contact & Span> = [];
  for (const m of text.matchAll(TITLE_RE)) {
    const title = m[0];
    const j = m.index;
    const end = j + title.length;
    const next = text[end] ?? '';
    if (SINGLE_CHAR_TITLES.has(title) && NOT_AFTER[title]!.test(next)) continue;
    if (NOT_AFTER_MULTI[title]?.test(next)) continue;
    let start = -1;
    const c1 = text[j - 1] ?? '';
    const c2 = text.slice(Math.max(0, j - 2), j);
    if (COMPOUND_SURNAMES.includes(c2)) start = j - 2;
    else if (SURNAMES.has(c1)) start = j - 1;
    else if (!SINGLE_CHAR_TITLES.has(title)) {
      // Surname + one or two given-name characters: 张伟经理, 欧阳明华总监, 王小明主任.
      for (const given of [1, 2]) {
        const s = j - given;
        const fam = text.slice(s - 2, s);
        const famStart = COMPOUND_SURNAMES.includes(fam) ? s - 2 : SURNAMES.has(text[s - 1] ?? '') && !AMBIGUOUS_SURNAMES.has(text[s - 1] ?? '') ? s - 1 : -1;
        if (famStart < 0) continue;
        const givenChars = text.slice(s, j);
        if (![...givenChars].every((ch) => isCjk(ch) && !NOT_NAME_CHARS.test(ch))) continue;
        if (NOT_A_GIVEN_NAME.has(text.slice(famStart, famStart + 2)) || NOT_A_GIVEN_NAME.has(givenChars)) continue;
        start = famStart;
        break;
      }
    }
    if (start < 0) continue;
    const name = text.slice(start, end);
    if (WORD_BLACKLIST.has(name) || WORD_BLACKLIST.has(text.slice(start, start + 2)) || NOT_A_GIVEN_NAME.has(text.slice(start, start + 2))) continue;
    const span = { start, end };
    if (overlapsAny(span, blocked)) continue;
    out.push({ name, title, ...span });
  }
  return out;
}

/** Makes the letters of a regex source case-insensitive while names elsewhere stay case-sensitive. */
function ci(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') {
      out += ch + (source[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (ch === ']') inClass = false;
      out += ch;
    } else if (ch === '[') {
      inClass = true;
      out += ch;
    } else if (/[a-z]/i.test(ch)) {
      out += `[${ch.toLowerCase()}${ch.toUpperCase()}]`;
    } else out += ch;
  }
  return out;
}

const EN_TITLE_WORDS =
  '(?:(?:chief|senior|sr\\.?|deputy|vice|executive|regional|general|global|assistant|associate|lead|principal|purchasing|procurement|sales|it|finance|financial|technical|technology|operations|product|project|account|marketing|supply chain|engineering|r&d|hr|business|plant|factory|store|category|country|area|key account)\\s+)*' +
  '(?:ceo|cto|cfo|coo|cio|cmo|cpo|cso|vp|svp|evp|gm|md|president|director|manager|head|buyer|engineer|founder|co-founder|owner|chairman|chairwoman|chair|officer|partner|architect|specialist|analyst|consultant|assistant|secretary|lead|controller|treasurer|principal)' +
  '(?:\\s+of\\s+[a-zA-Z&]+(?:\\s+[a-zA-Z&]+)?)?';
const TITLE_CI = ci(EN_TITLE_WORDS);
const NAME_WORD = "[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?";
const PERSON = `${NAME_WORD}(?:\\s+${NAME_WORD}){0,2}`;
const HONORIFIC_RE = new RegExp(`\\b(Mr|Mrs|Ms|Miss|Dr|Prof)\\.?\\s+(${NAME_WORD}(?:\\s+${NAME_WORD})?)`, 'g');
const PAREN_RE = new RegExp(`\\b(${PERSON})\\s*\\(\\s*([^()]{1,40}?)\\s*\\)`, 'g');
const COMMA_TITLE_RE = new RegExp(`\\b(${PERSON}),\\s*(?:the\\s+|their\\s+|our\\s+)?(${TITLE_CI})\\b`, 'g');
const TITLE_FIRST_RE = new RegExp(`\\b(${ci('ceo|cto|cfo|coo|cio|cmo|cpo|vp|gm|head of [a-zA-Z]+|(?:[a-zA-Z]+\\s+)?(?:manager|director|buyer|engineer)')})\\s+(${PERSON})\\b`, 'g');
const AFTER_VERB_RE = new RegExp(`\\b(?:${ci('met(?:\\s+with)?|meeting with|meet with|called|phoned|rang|emailed|e-mailed|messaged|texted|wechatted|pinged|spoke (?:with|to)|talked (?:with|to)|call with|lunch with|dinner with|coffee with|chatted with|caught up with|saw')})\\s+(${PERSON})`, 'g');
// "Haier's Jenny Lin" (but not "Tencent's Shenzhen office").
const POSSESSIVE_RE = new RegExp(`'s\\s+(${PERSON})\\b(?!\\s+(?:office|team|plant|site|factory|headquarters|hq|branch|store|warehouse|campus|project|department|division|group|unit|facility|line)\\b)`, 'g');
// A capitalised phrase followed by a title is a company ("Acme Robotics CEO Tom Baker").
const FOLLOWED_BY_TITLE = new RegExp(`^\\s*(?:'s\\s+)?(?:${TITLE_CI})\\b`);
const TITLE_LIKE = new RegExp(`^(?:${EN_TITLE_WORDS})$`, 'i');
const ACRONYM_TITLE = /^[A-Z]{2,5}$/;

// Capitalised words that start sentences or name days and products, not people.
const NOT_PEOPLE = new Set([
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march', 'april',
  'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'today', 'yesterday', 'tomorrow',
  'next', 'last', 'this', 'the', 'our', 'their', 'his', 'her', 'we', 'they', 'he', 'she', 'it', 'i', 'team', 'discussed',
  'follow', 'call', 'met', 'visited', 'zoom', 'teams', 'wechat', 'email', 'phone', 'video', 'them', 'him', 'us', 'everyone',
  'procurement', 'purchasing', 'sales', 'finance', 'management', 'engineering', 'the team', 'both', 'all', 'some',
  'mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'sir', 'madam',
]);

/** Drops capitalised non-names at the edges ("Met John Smith" → "John Smith"). */
function trimPerson(name: string, start: number): { name: string; start: number; end: number } | null {
  const words = [...name.matchAll(/\S+/g)].map((w) => ({ w: w[0], at: start + w.index }));
  while (words.length && NOT_PEOPLE.has(words[0]!.w.toLowerCase())) words.shift();
  while (words.length && NOT_PEOPLE.has(words[words.length - 1]!.w.toLowerCase())) words.pop();
  if (words.length === 0) return null;
  const first = words[0]!;
  const last = words[words.length - 1]!;
  const end = last.at + last.w.length;
  return { name: name.slice(first.at - start, end - start), start: first.at, end };
}

function englishContacts(text: string, blocked: readonly Span[]): Array<Contact & Span> {
  const out: Array<Contact & Span> = [];
  const push = (rawName: string, rawStart: number, title: string | null) => {
    const p = trimPerson(rawName, rawStart);
    if (!p || overlapsAny(p, blocked)) return;
    out.push({ name: p.name, title, start: p.start, end: p.end });
  };
  for (const m of text.matchAll(HONORIFIC_RE)) {
    const honor = m[1]!;
    const words = m[2]!.split(/\s+/);
    const first = words[0]!;
    // After an honorific even pronoun-like surnames (He, Sun, Li) are names.
    const fullEnd = m.index + m[0].length;
    const shortEnd = fullEnd - m[2]!.length + first.length;
    // "Ms. Li Monday" / "Mr. Wang Lenovo": the second word is not part of the name.
    const second = words[1];
    const keepSecond = !!second && !NOT_PEOPLE.has(second.toLowerCase()) && !overlapsAny({ start: fullEnd - second.length, end: fullEnd }, blocked);
    const span = { start: m.index, end: keepSecond ? fullEnd : shortEnd };
    if (overlapsAny(span, blocked)) continue;
    out.push({ name: text.slice(span.start, span.end), title: honor === 'Dr' ? 'Dr.' : honor === 'Prof' ? 'Prof.' : null, ...span });
  }
  for (const m of text.matchAll(PAREN_RE)) {
    const inner = m[2]!.trim();
    if (!TITLE_LIKE.test(inner) && !ACRONYM_TITLE.test(inner)) continue;
    push(m[1]!, m.index, inner);
  }
  for (const m of text.matchAll(COMMA_TITLE_RE)) push(m[1]!, m.index, m[2]!);
  for (const m of text.matchAll(TITLE_FIRST_RE)) {
    push(m[2]!, m.index + m[0].length - m[2]!.length, m[1]!);
  }
  for (const m of text.matchAll(AFTER_VERB_RE)) {
    const name = m[1]!;
    const end = m.index + m[0].length;
    if (FOLLOWED_BY_TITLE.test(text.slice(end, end + 40))) continue;
    push(name, end - name.length, null);
  }
  for (const m of text.matchAll(POSSESSIVE_RE)) push(m[1]!, m.index + m[0].length - m[1]!.length, null);
  // "met John and Mary": people listed after one already found.
  for (const c of [...out]) {
    const tail = /^(?:\s*\([^()]*\))?\s*(?:and|&)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)/.exec(text.slice(c.end, c.end + 60));
    if (!tail) continue;
    push(tail[1]!, c.end + tail[0].length - tail[1]!.length, null);
  }
  return out;
}

/**
 * Contacts in order of appearance, deduplicated; `blocked` spans (the customer, dates) are never
 * read as people, so 华为张总 gives 张总 and not 为张总.
 */
export function findContacts(text: string, blocked: readonly Span[] = []): Array<Contact & Span> {
  const all = [...chineseContacts(text, blocked), ...englishContacts(text, blocked)].sort((a, b) => a.start - b.start || (b.end - b.start) - (a.end - a.start));
  const result: Array<Contact & Span> = [];
  for (const c of all) {
    const same = (r: Contact & Span) => r.name.toLowerCase() === c.name.toLowerCase() || (c.start < r.end && r.start < c.end);
    const at = result.findIndex(same);
    if (at < 0) {
      result.push(c);
      continue;
    }
    // The same person found twice ("Mr. Liu (Purchasing Manager)"): keep the fuller name and any title.
    const prev = result[at]!;
    const longer = c.end - c.start > prev.end - prev.start ? c : prev;
    result[at] = { ...longer, title: longer.title ?? prev.title ?? c.title };
  }
  return result;
}
