/** Plain-text rendering of the core's replies, for the terminal (and for plain-text logs of deliveries). */
import type { Button, Reply } from '../../src/core/messages.ts';

/** Terminal columns a string takes: CJK and full-width characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    w += cp >= 0x1100 && (cp <= 0x115f || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || cp >= 0x1f300) ? 2 : 1;
  }
  return w;
}

const pad = (s: string, width: number) => s + ' '.repeat(Math.max(0, width - displayWidth(s)));

export function renderTable(columns: string[], rows: string[][]): string {
  const widths = columns.map((c, i) => Math.max(displayWidth(c), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i] ?? 0)).join('  ').trimEnd();
  return [line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * Renders one reply. Buttons are numbered from `firstButton` so the user can answer with the number;
 * the caller keeps the numbering.
 */
export function renderReply(reply: Reply, firstButton = 1): { text: string; buttons: Button[] } {
  switch (reply.kind) {
    case 'text':
      return { text: reply.text, buttons: [] };
    case 'table':
      return { text: [reply.title, renderTable(reply.columns, reply.rows)].filter(Boolean).join('\n'), buttons: [] };
    case 'image':
      return { text: `[${reply.title}: ${reply.alt}]`, buttons: [] };
    case 'form':
      return { text: `== ${reply.title} ==`, buttons: [] };
    case 'card': {
      const labelWidth = Math.max(0, ...reply.fields.map((f) => displayWidth(f.label)));
      const lines = [`== ${reply.title} ==`];
      if (reply.body) lines.push(reply.body);
      for (const f of reply.fields) lines.push(`${pad(f.label, labelWidth)}  ${f.value}`);
      if (reply.buttons.length > 0) {
        lines.push(reply.buttons.map((b, i) => `[${firstButton + i}] ${b.label}`).join('   '));
      }
      return { text: lines.join('\n'), buttons: reply.buttons };
    }
  }
}
