import * as d3 from 'd3';
import type { ChartData } from './chart-data.ts';
import { axis, COLORS, finite, fmtUsd, frame, legend, styleAxis } from './chart-frame.ts';

/** Net call and net put premium per ticker, as paired horizontal bars around zero. */
export function renderNetFlow(svg: SVGSVGElement, d: ChartData, width: number, height: number) {
  const { g, w, h } = frame(svg, width, height);
  const names = d.text('underlying');
  const call = d.num('net_call_premium');
  const put = d.num('net_put_premium');
  const ext = d3.extent([...finite(call), ...finite(put), 0]) as [number, number];
  const x = d3.scaleLinear().domain(ext).nice().range([0, w]);
  const y = d3.scaleBand().domain(names).range([0, h]).padding(0.2);
  const half = y.bandwidth() / 2;
  axis(g, 'bottom', x, h, 6, fmtUsd);
  styleAxis(g.append('g').call(d3.axisLeft(y)));
  const bars = (vals: (number | null)[], color: string, dy: number, cls: string) =>
    g
      .append('g')
      .attr('class', cls)
      .selectAll('rect')
      .data(d3.range(d.n))
      .join('rect')
      .attr('x', (i) => x(Math.min(0, vals[i] ?? 0)))
      .attr('width', (i) => Math.abs(x(vals[i] ?? 0) - x(0)))
      .attr('y', (i) => (y(names[i]!) ?? 0) + dy)
      .attr('height', half)
      .attr('fill', color)
      .append('title')
      .text((i) => `${names[i]} ${fmtUsd(vals[i] ?? 0)}`);
  bars(call, COLORS.bull, 0, 'series-call');
  bars(put, COLORS.bear, half, 'series-put');
  g.append('line').attr('x1', x(0)).attr('x2', x(0)).attr('y1', 0).attr('y2', h).attr('stroke', COLORS.muted);
  legend(g, [
    ['net call premium', COLORS.bull],
    ['net put premium', COLORS.bear],
  ]);
}
