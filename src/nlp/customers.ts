/**
 * Which customer a note is about. Reps write short forms (华为, catl, 招行), so every customer is
 * indexed under its name, aliases, the name without legal/industry suffixes (华为技术有限公司 →
 * 华为) and, weakest, leading fragments of that core (华润万家 → 华润). The index is keyed by the
 * first two characters so a note is scanned in one pass even with thousands of customers.
 */
import { distance } from 'fastest-levenshtein';
import { isCjk, isLatinWordChar, normalizeForMatch } from './text.ts';
import type { CustomerCandidate, CustomerIndex, CustomerMatch, ScoredCandidate, Span } from './types.ts';

// Exact forms (name, alias, suffix-stripped core) beat leading fragments of a name.
type Rank = 1 | 2;
const Rank = { Prefix: 1, Exact: 2 } as const;

interface IndexKey {
  key: string;
  customer: number;
  rank: Rank;
  latin: boolean;
}

interface Profile {
  /** Normalised forms compared against a free mention: name, cores, aliases. */
  forms: string[];
}

interface IndexImpl extends CustomerIndex {
  readonly customers: readonly CustomerCandidate[];
  /** Every key by its exact text, and for each two-character head the key lengths that start with it. */
  readonly byKey: Map<string, IndexKey[]>;
  readonly lengthsByHead: Map<string, number[]>;
  readonly profiles: Profile[];
}

// Longest first; stripped repeatedly from the end (宁德时代新能源科技股份有限公司 → 宁德时代).
const ZH_SUFFIXES = [
  '股份有限公司', '有限责任公司', '有限公司', '责任公司', '股份公司', '公司', '集团', '控股', '股份',
  '科技', '技术', '实业', '企业', '新能源', '电器', '电子', '信息', '网络', '通信', '软件', '智能',
  '制造', '发展', '国际', '中国',
];
const EN_SUFFIXES = new Set([
  'co', 'co.', 'company', 'ltd', 'ltd.', 'limited', 'inc', 'inc.', 'incorporated', 'corp', 'corp.',
  'corporation', 'group', 'holdings', 'holding', 'llc', 'plc', 'gmbh', 'ag', 'sa', 'technology',
  'technologies', 'tech', 'international', 'intl',
]);
// Leading places that are not part of how people name a company (深圳市腾讯… → 腾讯…).
const ZH_PLACE_PREFIX = /^(?:[\u4e00-\u9fff]{2,3}[省市]|北京|上海|天津|重庆|深圳|广州|杭州|南京|苏州|武汉|成都|西安|厦门|青岛|宁波|合肥|长沙|郑州|济南|福州|东莞|佛山|珠海|无锡|大连|沈阳|香港)/;
// Prefix fragments that name a place or a generic word rather than one company.
const GENERIC_PREFIXES = new Set([
  '中国', '中华', '国家', '北京', '上海', '深圳', '广州', '天津', '重庆', '杭州', '南京', '苏州', '武汉', '成都',
  '香港', '全国', '国际', '新能', '科技', '技术', '电子', '华南', '华北', '华东', '华中', '西南', '东北', '西北',
  'china', 'the', 'new', 'global', 'international', 'first', 'united', 'general', 'national', 'bank', 'group',
]);

function stripCompanySuffixes(norm: string): string[] {
  const stages: string[] = [];
  let s = norm.trim().replace(/[()（）]/g, '');
  const latin = !/[\u4e00-\u9fff]/.test(s);
  if (latin) {
    const words = s.split(/[\s,]+/).filter(Boolean);
    while (words.length > 1 && EN_SUFFIXES.has(words[words.length - 1]!)) {
      words.pop();
      stages.push(words.join(' '));
    }
    return stages;
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const suf of ZH_SUFFIXES) {
      if (s.endsWith(suf) && s.length - suf.length >= 2) {
        s = s.slice(0, -suf.length);
        stages.push(s);
        changed = true;
        break;
      }
    }
  }
  return stages;
}

/** Name → the short core people say ("华为技术有限公司" → "华为", "Lenovo Group Ltd." → "lenovo"). */
export function companyCore(name: string): string {
  const norm = normalizeForMatch(name).trim();
  const stages = stripCompanySuffixes(norm);
  let core = stages[stages.length - 1] ?? norm;
  const place = ZH_PLACE_PREFIX.exec(core);
  if (place && core.length - place[0].length >= 2) core = core.slice(place[0].length);
  return core;
}

function isLatinKey(k: string): boolean {
  return !/[\u3400-\u9fff]/.test(k);
}

export function buildCustomerIndex(customers: readonly CustomerCandidate[]): CustomerIndex {
  const byKey = new Map<string, IndexKey[]>();
  const lengthsByHead = new Map<string, number[]>();
  const profiles: Profile[] = [];
  const list = Array.isArray(customers) ? customers : [];
  list.forEach((c, i) => {
    const seen = new Map<string, Rank>();
    const add = (raw: string, rank: Rank) => {
      const key = raw.trim();
      if (key.length < 2 || (seen.get(key) ?? 0) >= rank) return;
      if (isLatinKey(key) ? !/[a-z0-9]/.test(key) : false) return;
      seen.set(key, rank);
    };
    const name = normalizeForMatch(String(c?.name ?? '')).trim();
    const aliases = ((Array.isArray(c?.aliases) ? c.aliases : []) as unknown[]).map((a: unknown) => normalizeForMatch(String(a ?? '')).trim());
    const forms = [name, ...aliases];
    add(name, Rank.Exact);
    for (const a of aliases) add(a, Rank.Exact);
    for (const f of [name, ...aliases]) {
      const stages = stripCompanySuffixes(f);
      for (const st of stages) add(st, Rank.Exact);
      const core = companyCore(f);
      add(core, Rank.Exact);
      forms.push(...stages, core);
    }
    // Leading fragments of each core: "华润" for 华润万家, "china resources" for China Resources Land.
    // They are weak keys: shared by several customers they make the match ambiguous.
    for (const f of [name, ...aliases]) {
      const core = companyCore(f);
      if (isLatinKey(core)) {
        const words = core.split(' ');
        for (let n = 1; n < words.length; n++) {
          const p = words.slice(0, n).join(' ');
          if (p.length >= 3 && !GENERIC_PREFIXES.has(p)) add(p, Rank.Prefix);
        }
      } else {
        for (let n = 2; n < core.length; n++) {
          const p = core.slice(0, n);
          if (!GENERIC_PREFIXES.has(p)) add(p, Rank.Prefix);
        }
      }
    }
    for (const [key, rank] of seen) {
      const bucket = byKey.get(key) ?? [];
      bucket.push({ key, customer: i, rank, latin: isLatinKey(key) });
      byKey.set(key, bucket);
      const lengths = lengthsByHead.get(key.slice(0, 2)) ?? [];
      if (!lengths.includes(key.length)) lengths.push(key.length);
      lengthsByHead.set(key.slice(0, 2), lengths);
    }
    profiles.push({ forms: [...new Set(forms.filter((f) => f.length > 0))] });
  });
  const index: IndexImpl = { kind: 'customer-index', size: list.length, customers: list, byKey, lengthsByHead, profiles };
  return index;
}

// Callers may pass the same array many times; index it once, but notice if it was edited since.
const cache = new WeakMap<object, { signature: number; index: IndexImpl }>();

function signatureOf(list: readonly CustomerCandidate[]): number {
  let h = 0x811c9dc5 ^ list.length;
  const mix = (s: string) => {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  };
  for (const c of list) {
    mix(String(c?.id ?? ''));
    mix(String(c?.name ?? ''));
    if (Array.isArray(c?.aliases)) for (const a of c.aliases) mix(String(a ?? ''));
    h = Math.imul(h ^ 0xff, 0x01000193);
  }
  return h >>> 0;
}

export function ensureIndex(customers: readonly CustomerCandidate[] | CustomerIndex | undefined | null): IndexImpl {
  if (customers && !Array.isArray(customers) && (customers as CustomerIndex).kind === 'customer-index') return customers as IndexImpl;
  const list = Array.isArray(customers) ? customers : [];
  const signature = signatureOf(list);
  const hit = cache.get(list);
  if (hit && hit.signature === signature) return hit.index;
  const index = buildCustomerIndex(list) as IndexImpl;
  cache.set(list, { signature, index });
  return index;
}

export interface CustomerHit extends Span {
  customer: number;
  rank: Rank;
}

/** At most this many key hits are collected from one text: enough for any real note, bounded for a pasted wall. */
export const MAX_CUSTOMER_HITS = 64;

/**
 * Every indexed key occurring in the text (already normalised; masked characters never match), up to
 * MAX_CUSTOMER_HITS. Each position costs one lookup per distinct key length under its two-character head,
 * however many customers share that head. Latin keys must sit on word boundaries so "cmb" does not fire
 * inside "cmbx".
 */
export function scanCustomerKeys(norm: string, index: CustomerIndex): CustomerHit[] {
  const idx = index as IndexImpl;
  const hits: CustomerHit[] = [];
  for (let i = 0; i + 1 < norm.length && hits.length < MAX_CUSTOMER_HITS; i++) {
    const lengths = idx.lengthsByHead.get(norm.slice(i, i + 2));
    if (!lengths) continue;
    for (const len of lengths) {
      const bucket = i + len <= norm.length ? idx.byKey.get(norm.slice(i, i + len)) : undefined;
      if (!bucket) continue;
      const end = i + len;
      for (const k of bucket) {
        if (k.latin && (isLatinWordChar(norm[i - 1]) || isLatinWordChar(norm[end]))) continue;
        hits.push({ start: i, end, customer: k.customer, rank: k.rank });
      }
    }
  }
  return hits;
}

function grams(s: string, latin: boolean): string[] {
  // Latin names share many letters by chance; their bigrams are a fairer measure. CJK characters
  // carry meaning one by one.
  if (!latin) return [...s];
  const t = s.replace(/\s+/g, ' ');
  if (t.length < 2) return [t];
  const out: string[] = [];
  for (let i = 0; i + 1 < t.length; i++) out.push(t.slice(i, i + 2));
  return out;
}

/** Similarity in [0, 1]: the best of edit distance, shared characters/bigrams (Dice) and containment. */
export function similarity(a: string, b: string): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  const lev = 1 - distance(a, b) / Math.max(a.length, b.length);
  const latin = isLatinKey(a) && isLatinKey(b);
  const ga = grams(a, latin);
  const pool = new Map<string, number>();
  const gb = grams(b, latin);
  for (const g of gb) pool.set(g, (pool.get(g) ?? 0) + 1);
  let shared = 0;
  for (const g of ga) {
    const n = pool.get(g) ?? 0;
    if (n > 0) {
      shared++;
      pool.set(g, n - 1);
    }
  }
  const dice = (2 * shared) / (ga.length + gb.length);
  // A contained mention ("时代" in 宁德时代) is a strong hint even when short.
  const contained = a.length >= 2 && b.includes(a) ? 0.5 + 0.5 * (a.length / b.length) : 0;
  return Math.max(lev, dice, contained);
}

function bestScore(mention: string, p: Profile): number {
  let best = 0;
  for (const f of p.forms) best = Math.max(best, similarity(mention, f));
  return best;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function candidate(idx: IndexImpl, i: number, score: number): ScoredCandidate {
  const c = idx.customers[i]!;
  return { id: String(c.id), name: String(c.name), score: round2(score) };
}

/** Up to `limit` customers closest to a free-text mention. */
export function closestCustomers(mention: string, index: CustomerIndex, limit = 3, minScore = 0.3): ScoredCandidate[] {
  const idx = index as IndexImpl;
  const m = companyCore(mention);
  if (!m) return [];
  const scored: Array<[number, number]> = [];
  idx.profiles.forEach((p, i) => {
    const s = bestScore(m, p);
    if (s >= minScore) scored.push([i, s]);
  });
  scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return scored.slice(0, limit).map(([i, s]) => candidate(idx, i, s));
}

/**
 * Decides among key hits: the longest match wins; exact forms beat name fragments; equally good
 * matches of different customers make the result ambiguous.
 */
export function decideFromHits(hits: CustomerHit[], original: string, index: CustomerIndex): CustomerMatch | null {
  if (hits.length === 0) return null;
  const idx = index as IndexImpl;
  const better = (a: CustomerHit, b: CustomerHit) => (a.end - a.start) - (b.end - b.start) || a.rank - b.rank;
  const bestPer = new Map<number, CustomerHit>();
  for (const h of hits) {
    const cur = bestPer.get(h.customer);
    if (!cur || better(h, cur) > 0) bestPer.set(h.customer, h);
  }
  const ranked = [...bestPer.values()].sort((a, b) => better(b, a) || a.start - b.start);
  const top = ranked[0]!;
  const tied = ranked.filter((h) => better(h, top) === 0);
  if (tied.length === 1) {
    const c = idx.customers[top.customer]!;
    return { status: 'matched', id: String(c.id), name: String(c.name), matchedText: original.slice(top.start, top.end) };
  }
  const mention = original.slice(top.start, top.end);
  // Each candidate is scored by how well its own matched words fit it ("华润" vs 华润万家 = 0.75).
  const scored = tied.map((h) => candidate(idx, h.customer, bestScore(normalizeForMatch(original.slice(h.start, h.end)), idx.profiles[h.customer]!)));
  return { status: 'ambiguous', mention, candidates: scored.sort((a, b) => b.score - a.score) };
}

/** Customers whose name or alias contains the mention (a short form that is not a prefix: 时代 → 宁德时代). */
function containing(mentionNorm: string, idx: IndexImpl): number[] {
  const core = companyCore(mentionNorm);
  const minLen = isCjk(core[0]) ? 2 : 3;
  if (core.length < minLen) return [];
  const out: number[] = [];
  idx.profiles.forEach((p, i) => {
    if (p.forms.some((f) => f.includes(core))) out.push(i);
  });
  return out;
}

/** Resolves a mention that was not found by the key scan: containment, then fuzzy candidates. */
export function resolveMention(mention: string | null, index: CustomerIndex): CustomerMatch {
  const idx = index as IndexImpl;
  if (!mention || !mention.trim()) return { status: 'unknown', mention: null, candidates: [] };
  const m = mention.trim();
  const inside = containing(normalizeForMatch(m), idx);
  if (inside.length === 1) {
    const c = idx.customers[inside[0]!]!;
    return { status: 'matched', id: String(c.id), name: String(c.name), matchedText: m };
  }
  if (inside.length > 1) {
    const norm = companyCore(m);
    const candidates = inside.map((i) => candidate(idx, i, bestScore(norm, idx.profiles[i]!))).sort((a, b) => b.score - a.score);
    return { status: 'ambiguous', mention: m, candidates };
  }
  return { status: 'unknown', mention: m, candidates: closestCustomers(m, idx) };
}

/**
 * A customer from a mention or a whole line of text: "华为", "catl", "拜访华润" …
 * Scans for known names first; failing that, treats the trimmed text as the mention.
 */
export function matchCustomer(mentionOrText: string, customers: readonly CustomerCandidate[] | CustomerIndex): CustomerMatch {
  const text = typeof mentionOrText === 'string' ? mentionOrText : String(mentionOrText ?? '');
  const idx = ensureIndex(customers);
  const decided = decideFromHits(scanCustomerKeys(normalizeForMatch(text), idx), text, idx);
  if (decided) return decided;
  return resolveMention(text.trim().slice(0, 200) || null, idx);
}
