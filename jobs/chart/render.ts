/**
 * Chart images for summaries: a vega-lite spec compiled to SVG (vega's headless renderer), rasterized by resvg with
 * a font that has Chinese glyphs, so names such as 张三 render instead of boxes. The size is exact: the spec fits
 * the plot into `width` × `height` including axes and legend.
 */
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import * as vl from 'vega-lite';

export interface BarChart {
  title: string;
  /** Category labels (one bar group each), e.g. rep names. */
  categories: string[];
  series: Array<{ name: string; values: number[] }>;
  width: number;
  height: number;
  /** A TTF/OTF/TTC with CJK glyphs; without one, system fonts are used. */
  fontFile?: string | undefined;
}

/** The height that gives each category a readable bar group. */
export const chartHeight = (categories: number) => Math.min(1200, Math.max(240, 80 + categories * 28));

export async function renderBarChart(chart: BarChart): Promise<Uint8Array> {
  const values = chart.series.flatMap((s) => chart.categories.map((c, i) => ({ category: c, series: s.name, value: s.values[i] ?? 0 })));
  const spec: vl.TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: chart.title,
    width: chart.width,
    height: chart.height,
    autosize: { type: 'fit', contains: 'padding' },
    padding: 12,
    background: 'white',
    data: { values },
    mark: { type: 'bar', tooltip: false },
    encoding: {
      y: { field: 'category', type: 'nominal', title: null, sort: chart.categories },
      yOffset: { field: 'series', sort: chart.series.map((s) => s.name) },
      x: { field: 'value', type: 'quantitative', title: null, axis: { tickMinStep: 1 } },
      color: { field: 'series', type: 'nominal', title: null, sort: chart.series.map((s) => s.name), legend: { orient: 'top' } },
    },
    config: { font: 'sans-serif', view: { stroke: null } },
  };
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const resvg = new Resvg(svg, {
      fitTo: { mode: 'original' },
      font: chart.fontFile ? { fontFiles: [chart.fontFile], loadSystemFonts: false } : { loadSystemFonts: true },
    });
    return new Uint8Array(resvg.render().asPng());
  } finally {
    view.finalize();
  }
}
