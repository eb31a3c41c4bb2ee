/**
 * Card markdown interprets `*`, `_`, `[…](…)`, `<at id=all>` and friends. Values typed by users (notes,
 * customer names) are escaped with the HTML character references Feishu's markdown documents, so a note
 * can neither format the card nor @mention everyone.
 */
const ESCAPES: Record<string, string> = {
  '\\': '&#92;',
  '*': '&#42;',
  _: '&#95;',
  '~': '&#126;',
  '`': '&#96;',
  '[': '&#91;',
  ']': '&#93;',
  '<': '&#60;',
  '>': '&#62;',
  '|': '&#124;',
  '#': '&#35;',
};

export function escapeMarkdown(text: string): string {
  return text.replace(/[\\*_~`[\]<>|#]/g, (ch) => ESCAPES[ch] ?? ch);
}

/** A text message parses `<at user_id="…">` tags; a zero-width space after `<` keeps them literal. */
export function neutralizeTextTags(text: string): string {
  return text.replace(/<(\/?at\b)/gi, '<\u200b$1');
}

export function markdownTable(columns: readonly string[], rows: readonly string[][]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => escapeMarkdown(c).replace(/\n/g, ' ')).join(' | ')} |`;
  return [line(columns), `|${columns.map(() => ' --- ').join('|')}|`, ...rows.map((r) => line(columns.map((_, i) => r[i] ?? '')))].join('\n');
}
