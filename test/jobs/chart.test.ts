/** Summary charts: a valid PNG of exactly the requested size, with a CJK font when one is installed. */
import { existsSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chartHeight, renderBarChart } from '../../jobs/chart/render.ts';
import { pngSize } from './support/png.ts';

const FONT = ['/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'].find((f) => existsSync(f));

describe('bar charts', () => {
  it('renders a PNG of the requested width and height', async () => {
    const reps = ['张三', '李四', 'Anna Schmidt', '王五'];
    const png = await renderBarChart({
      title: '华东一组 2026-W41',
      categories: reps,
      series: [
        { name: '拜访', values: [5, 3, 7, 0] },
        { name: '完成回访', values: [2, 4, 1, 1] },
      ],
      width: 800,
      height: chartHeight(reps.length),
      fontFile: FONT,
    });
    if (process.env['KAM_CHART_OUT']) writeFileSync(process.env['KAM_CHART_OUT'], png);
    expect(pngSize(png)).toEqual({ width: 800, height: chartHeight(4) });
  });
});
