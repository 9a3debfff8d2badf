import * as d3 from 'd3';
import type { ChartData } from './chart-data.ts';
import { COLORS, finite, fmtNyClock, fmtUsd, frame, legend, styleAxis } from './chart-frame.ts';

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
  const y = d3
    .scaleLinear()
    .domain(d3.extent(vals) as [number, number])
    .nice()
    .range([h, 0]);
  styleAxis(
    g
      .append('g')
      .attr('transform', `translate(0,${h})`)
      .call(
        d3
          .axisBottom(x)
          .ticks(6)
          .tickFormat((v) => fmtNyClock(Number(v), x.domain()[1]! - x.domain()[0]!)),
      ),
  );
  styleAxis(
    g.append('g').call(
      d3
        .axisLeft(y)
        .ticks(5)
        .tickFormat((v) => fmtUsd(Number(v))),
    ),
  );
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
  g.append('path')
    .attr('d', line(call, y))
    .attr('fill', 'none')
    .attr('stroke', COLORS.bull)
    .attr('stroke-width', 1.5)
    .attr('class', 'series-call');
  g.append('path')
    .attr('d', line(put, y))
    .attr('fill', 'none')
    .attr('stroke', COLORS.bear)
    .attr('stroke-width', 1.5)
    .attr('class', 'series-put');
  const items: [string, string][] = [
    ['net call premium', COLORS.bull],
    ['net put premium', COLORS.bear],
  ];
  const prices = finite(price);
  if (prices.length > 0) {
    const yp = d3
      .scaleLinear()
      .domain(d3.extent(prices) as [number, number])
      .nice()
      .range([h, 0]);
    styleAxis(
      g
        .append('g')
        .attr('transform', `translate(${w},0)`)
        .call(d3.axisRight(yp).ticks(5).tickFormat(d3.format('.6~g'))),
    );
    g.append('path')
      .attr('d', line(price, yp))
      .attr('fill', 'none')
      .attr('stroke', COLORS.gold)
      .attr('stroke-width', 1)
      .attr('class', 'series-price');
    items.push(['price', COLORS.gold]);
  }
  legend(g, items);
}
