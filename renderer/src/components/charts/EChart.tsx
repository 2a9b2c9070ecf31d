// One chart on screen: an option from shared/reports/charts.ts drawn by echarts in the browser with its SVG renderer
// (the same renderer the PDF's charts come from), resized with its box. Only the chart kinds and components the
// option builders use are registered, to keep the bundle small.
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, SVGRenderer]);

/** The font stack the screen's charts name (the PDF names its embedded `Body`). */
export const SCREEN_FONT = '"Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';

export function EChart({ option, height = 260, testId }: { option: EChartsOption; height?: number; testId?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!box.current) return;
    const c = echarts.init(box.current, null, { renderer: 'svg' });
    chart.current = c;
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(box.current);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={box} style={{ width: '100%', height }} data-testid={testId} className="echart" />;
}
