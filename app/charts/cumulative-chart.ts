import * as d3 from 'd3';
import type { ChartData } from './chart-data.ts';
import { axis, COLORS, finite, fmtUsd, frame, legend, linearScale, timeAxis } from './chart-frame.ts';

/** Market tide and the 0DTE pulse: cumulative net call and put premium over time, price on the right. */
export function renderCumulative(svg: SVGSVGElement, d: ChartData, width: number, height: number) {
  const { g, w, h } = frame(svg, width, height);
  const t = d.num('bucket');
  const call = d.num('cum_net_call_premium');
  const put = d.num('cum_net_put_premium');
  const price = d.has('price') ? d.num('price') : [];
  const times = finite(t);
  const x = d3
    .scaleLinear()
    .domain(d3.extent(times) as [number, number])
    .range([0, w]);
  const vals = [...finite(call), ...finite(put), 0];
  const y = linearScale(vals, [h, 0]);
  timeAxis(g, x, h);
  axis(g, 'left', y, 0, 5, fmtUsd);
  g.append('line')
    .attr('x1', 0)
    .attr('x2', w)
    .attr('y1', y(0))
    .attr('y2', y(0))
    .attr('stroke', COLORS.muted)
    .attr('stroke-dasharray', '2,3');
  const line = (ys: (number | null)[], yScale: d3.ScaleLinear<number, number>) =>
    d3
      .line<number>()
      .defined((i) => t[i] !== null && ys[i] !== null)
      .x((i) => x(t[i]!))
      .y((i) => yScale(ys[i]!))(d3.range(d.n));
  const series = (cls: string, d: string | null, color: string, width: number) =>
    g
      .append('path')
      .attr('class', cls)
      .attr('d', d)
      .attr('fill', 'none')
      .attr('stroke', color)
      .attr('stroke-width', width);
  series('series-call', line(call, y), COLORS.bull, 1.5);
  series('series-put', line(put, y), COLORS.bear, 1.5);
  const items: [string, string][] = [
    ['net call premium', COLORS.bull],
    ['net put premium', COLORS.bear],
  ];
  const prices = finite(price);
  if (prices.length > 0) {
    const yp = linearScale(prices, [h, 0]);
    axis(g, 'right', yp, w, 5, d3.format('.6~g'));
    series('series-price', line(price, yp), COLORS.gold, 1);
    items.push(['price', COLORS.gold]);
  }
  legend(g, items);
}
