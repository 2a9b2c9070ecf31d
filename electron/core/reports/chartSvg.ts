// ECharts in Node, no browser: an option from shared/reports/charts.ts rendered to an SVG string with ECharts' own
// server-side renderer, for pdfmake's `svg` node. Text stays text: pdfmake maps the SVG's font-family (our logical
// `Body`) to the embedded Noto Sans SC, so axis labels are selectable and subset like the rest of the PDF.
// echarts is loaded on first use: every job worker loads the whole core, and most jobs draw no chart.
import type * as EchartsModule from 'echarts';
import type { EChartsOption } from 'echarts';

type Echarts = typeof EchartsModule;
let loaded: Echarts | null = null;
async function echartsModule(): Promise<Echarts> {
  return (loaded ??= await import('echarts'));
}

/**
 * zrender numbers its instances and CSS classes with process-wide counters (`zr3-cls-90`), so the same chart drawn
 * twice would differ. The classes only carry hover styles, which a PDF has no use for: drop them and the <style>,
 * and give every instance the same id prefix (ids are only referenced within one SVG).
 */
function stable(svg: string): string {
  return svg
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>/g, '')
    .replace(/ class="[^"]*"/g, '')
    .replace(/\bzr\d+-/g, 'zr-');
}

export async function chartSvg(option: EChartsOption, width: number, height: number): Promise<string> {
  const echarts = await echartsModule();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return stable(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}
