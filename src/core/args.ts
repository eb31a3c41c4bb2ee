/**
 * Splits a command's argument text into positional words and `key:value` pairs (full-width ： too),
 * keeping quoted phrases together. Commands then validate the result with their own zod schema.
 */
export interface RawArgs {
  /** Everything after the command (and subcommand) name, trimmed. */
  text: string;
  positional: string[];
  named: Record<string, string>;
}

// An optional `key:` prefix, then a quoted phrase or a bare word. (No single quotes: "John's" is a word.)
const token = /([A-Za-z_\u4e00-\u9fff]+[:：])?(?:"([^"]*)"|“([^”]*)”|(\S+))/g;
const namedPair = /^([A-Za-z_\u4e00-\u9fff]+)[:：](.*)$/s;

export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(token)) out.push((m[1] ?? '') + (m[2] ?? m[3] ?? m[4] ?? ''));
  return out;
}

export function parseArgs(text: string, namedKeys: ReadonlySet<string> = new Set()): RawArgs {
  const trimmed = text.trim();
  const positional: string[] = [];
  const named: Record<string, string> = {};
  const words = tokenize(trimmed);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const m = namedPair.exec(word);
    const key = m?.[1]?.toLowerCase();
    if (m && key && (namedKeys.size === 0 || namedKeys.has(key))) {
      let value = m[2] ?? '';
      // `customer: 华为` — the value is the next word
      if (value === '' && i + 1 < words.length) value = words[++i] as string;
      named[key] = value;
    } else {
      positional.push(word);
    }
  }
  return { text: trimmed, positional, named };
}

/**
 * The value a typed word names in a table of allowed words, by own property only: `__proto__`,
 * `constructor` or `toString` are unknown words like any other, never something inherited from Object.
 */
export function lookupOption<T>(table: Readonly<Record<string, T>>, word: string | undefined): T | undefined {
  if (word === undefined) return undefined;
  return Object.prototype.hasOwnProperty.call(table, word) ? table[word] : undefined;
}

/** NUL, terminal escapes (ESC) and other C0/C1 controls; tab and line breaks are ordinary text. */
export function hasControlChars(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}
