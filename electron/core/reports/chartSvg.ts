// ECharts in Node, no browser: an option from shared/reports/charts.ts rendered to an SVG string with ECharts' own
// server-side renderer, for pdfmake's `svg` node. Text stays text: pdfmake maps the SVG's font-family (our logical
// `Body`) to the embedded Noto Sans SC, so axis labels are selectable and subset like the rest of the PDF.
import * as echarts from 'echarts';
import type { EChartsOption } from 'echarts';

export function chartSvg(option: EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
