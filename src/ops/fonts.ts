/** Finding a font with Chinese glyphs for chart images: the configured file, else one fontconfig knows. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const KNOWN_PATHS = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/System/Library/Fonts/PingFang.ttc',
];

export type FontLookup = { ok: true; file: string } | { ok: false; reason: 'configured-missing' | 'none-found'; file?: string };

export function findCjkFont(configured: string | undefined): FontLookup {
  if (configured) return existsSync(configured) ? { ok: true, file: configured } : { ok: false, reason: 'configured-missing', file: configured };
  try {
    const listed = execFileSync('fc-list', [':lang=zh', 'file'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')
      .map((l) => l.replace(/:\s*$/, '').trim())
      .filter(Boolean);
    if (listed[0]) return { ok: true, file: listed[0] };
  } catch {
    // No fontconfig: fall back to well-known locations.
  }
  const known = KNOWN_PATHS.find((p) => existsSync(p));
  return known ? { ok: true, file: known } : { ok: false, reason: 'none-found' };
}
